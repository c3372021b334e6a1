// What a purchase and a refund say: the reason each transfer carries (so history says why) and the message the
// member gets at once. Pure; the member's balance in the message is a token the committing batch fills in.
import type { Reply } from '../../conversation/domain/replies.js';
import { formatMoney } from '../../earn/domain/money.js';
import { t } from '../../kernel/i18n/catalog.js';
import { LANGUAGES, type Language } from '../../kernel/i18n/language.js';
import type { Reason } from '../../ledger/domain/reasons.js';
import type { EarnedLine } from './purchase.js';

export type Names = Readonly<Record<Language, string>>;

const fmt = (n: number) => n.toLocaleString('en-US');

/** `{ store_zh-TW, store_en }`: names are copied in every language, so a rename never rewrites history. */
function perLanguage(key: string, text: (language: Language) => string): Record<string, string> {
  return Object.fromEntries(LANGUAGES.map((l) => [`${key}_${l}`, text(l)]));
}

/** "+18 消費 NT$320 @ 信義店（會員日 ×3）": one earn line's reason, with its breakdown. */
export function purchaseReason(p: { store: Names; amount: number; receipt: string; line: EarnedLine }): Reason {
  const m = p.line.multiplier;
  return {
    code: 'purchase',
    params: {
      ...perLanguage('store', (l) => p.store[l]),
      ...perLanguage('multiplier', (l) =>
        m ? t(l, 'purchase.reason_multiplier', { multiplier: m.names[l], factor: m.factor }) : '',
      ),
      amount: formatMoney(p.amount),
      receipt: p.receipt,
      rule: p.line.rule.code,
      base: p.line.base,
      factor: m ? m.factor : null,
      points: p.line.points,
    },
  };
}

/** The capture of a hold at the till: "點數折抵 NT$5 @ 信義店". */
export function storeSpendReason(p: { store: Names; valueMinor: number; receipt: string | null }): Reason {
  return {
    code: 'store_spend',
    params: { ...perLanguage('store', (l) => p.store[l]), money: formatMoney(p.valueMinor), receipt: p.receipt },
  };
}

export function refundReason(p: { store: Names; amount: number; receipt: string; refund: string }): Reason {
  return {
    code: 'purchase_refund',
    params: {
      ...perLanguage('store', (l) => p.store[l]),
      amount: formatMoney(p.amount),
      receipt: p.receipt,
      refund: p.refund,
    },
  };
}

/** "消費 NT$320，獲得 18 點（會員日 3 倍）。目前 {balance} 點", then the points that paid, if any. */
export function purchaseNotice(p: {
  language: Language;
  amount: number;
  earned: readonly EarnedLine[];
  offset: { points: number; valueMinor: number } | null;
  balanceToken: string;
}): Reply {
  const { language } = p;
  const points = p.earned.reduce((sum, l) => sum + l.points, 0);
  const best = p.earned
    .map((l) => l.multiplier)
    .reduce<EarnedLine['multiplier']>((b, m) => (m && (!b || m.factor > b.factor) ? m : b), null);
  const multiplier = best
    ? t(language, 'purchase.multiplier', { multiplier: best.names[language], factor: best.factor })
    : '';
  const receipt =
    points > 0
      ? t(language, 'purchase.receipt', {
          amount: formatMoney(p.amount),
          points: fmt(points),
          multiplier,
          balance: p.balanceToken,
        })
      : t(language, 'purchase.receipt_none', { amount: formatMoney(p.amount), balance: p.balanceToken });
  const offset = p.offset
    ? t(language, 'purchase.offset', { points: fmt(p.offset.points), money: formatMoney(p.offset.valueMinor) })
    : null;
  return { kind: 'text', language, text: offset ? `${offset}\n${receipt}` : receipt };
}

/** "退貨 NT$320，扣回 {taken} 點。目前 {balance} 點{shortfall}". */
export function refundNotice(p: {
  language: Language;
  amount: number;
  takenToken: string;
  balanceToken: string;
  shortfallToken: string;
}): Reply {
  const text = t(p.language, 'refund.notice', {
    amount: formatMoney(p.amount),
    points: p.takenToken,
    balance: p.balanceToken,
  });
  return { kind: 'text', language: p.language, text: `${text}${p.shortfallToken}` };
}
