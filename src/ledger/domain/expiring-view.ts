// The `expiring`/`即將到期` reply: each lot that expires soon, earliest first, with the coupon mall one tap away.

import { pointsOf } from '../../conversation/domain/amounts.js';
import { postbackData } from '../../conversation/domain/intents.js';
import type { QuickReply, Reply } from '../../conversation/domain/replies.js';
import { menuQuickReplies, pointTypeName, type ViewContext } from '../../conversation/domain/views.js';
import { t } from '../../kernel/i18n/catalog.js';
import { localDate } from '../../kernel/time.js';

/** How far ahead `expiring` looks. */
export const EXPIRING_WINDOW_DAYS = 60;

export interface ExpiringLotView {
  readonly pointType: string;
  readonly amount: number;
  readonly expiresAt: number;
}

export function expiringReply(ctx: ViewContext, lots: readonly ExpiringLotView[]): Reply {
  const title = t(ctx.language, 'expiring.title', { days: EXPIRING_WINDOW_DAYS });
  const lines = lots.map((l) =>
    t(ctx.language, 'expiring.line', {
      // A lot expires at the start of a local day; the member's last day to use it is the day before.
      date: localDate(l.expiresAt - 1, ctx.timeZone),
      points: pointsOf(ctx, l.pointType, l.amount),
      pointType: pointTypeName(ctx, l.pointType),
    }),
  );
  const body = lines.length > 0 ? lines.join('\n') : t(ctx.language, 'expiring.none', { days: EXPIRING_WINDOW_DAYS });
  const mall: QuickReply = {
    label: t(ctx.language, 'qr.coupons'),
    action: { type: 'postback', data: postbackData('coupons'), displayText: t(ctx.language, 'qr.coupons') },
  };
  return {
    kind: 'text',
    language: ctx.language,
    text: `${title}\n${body}`,
    quickReplies: [mall, ...menuQuickReplies(ctx.language)],
  };
}
