// The member's notices when a coupon is used at a store or cancelled with its points back: text replies in the
// member's language (every channel renders text). Pure.
import type { Reply } from '../../conversation/domain/replies.js';
import { t } from '../../kernel/i18n/catalog.js';
import type { Language } from '../../kernel/i18n/language.js';
import { localDate, localTime } from '../../kernel/time.js';
import { formatPoints, type PointUnits } from '../../ledger/domain/point-type.js';

type Names = Readonly<Record<Language, string>>;

export function couponUsedNotice(
  language: Language,
  n: { item: Names; code: string; store: Names; at: number; timeZone: string },
): Reply {
  const date = `${localDate(n.at, n.timeZone)} ${localTime(n.at, n.timeZone)}`;
  const text = t(language, 'coupon.used_at_store', {
    item: n.item[language],
    code: n.code,
    store: n.store[language],
    date,
  });
  return { kind: 'text', language, text };
}

export function couponCancelledNotice(
  language: Language,
  n: { item: Names; code: string; amount: number; pointType: { readonly units?: PointUnits } },
): Reply {
  const text = t(language, 'coupon.cancelled_notice', {
    item: n.item[language],
    code: n.code,
    points: formatPoints(n.amount, n.pointType, language),
  });
  return { kind: 'text', language, text };
}
