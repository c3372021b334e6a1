// What a purchase and a refund say: the reason each transfer carries (so history says why) and the message the
// member gets at once. Pure; the member's balance in the message is a token the committing batch fills in.
import type { Reply } from '../../conversation/domain/replies.js';
import { formatMoney } from '../../earn/domain/money.js';
import { t } from '../../kernel/i18n/catalog.js';
import { LANGUAGES, type Language } from '../../kernel/i18n/language.js';
import { formatPoints, type PointUnits, pointUnit } from '../../ledger/domain/point-type.js';
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

/**
 * The purchase receipt, a Flex bubble on LINE (flex-templates/receipt.json) whose text (altText, WhatsApp, the
 * simulator) is "消費 NT$320，獲得 6 點（會員日 3 倍）。目前 1,250 點", after the points that paid, if any.
 */
export function purchaseNotice(p: {
  language: Language;
  store: Names;
  amount: number;
  earned: readonly EarnedLine[];
  offset: { points: number; valueMinor: number } | null;
  balanceToken: string;
  /** The point type's unit words (點, 枚 ...); the default 點 / points when not given. */
  units?: PointUnits;
}): Reply {
  const { language: l } = p;
  const pts = (n: number) => formatPoints(n, { units: p.units }, l);
  // The balance is filled in by the committing batch, so its number is not known here: the plural reads right for
  // every balance but 1.
  const balance = `${p.balanceToken} ${pointUnit(p.units, l, 2)}`;
  const points = p.earned.reduce((sum, line) => sum + line.points, 0);
  const best = p.earned
    .map((line) => line.multiplier)
    .reduce<EarnedLine['multiplier']>((b, m) => (m && (!b || m.factor > b.factor) ? m : b), null);
  const multiplier = best ? t(l, 'purchase.multiplier', { multiplier: best.names[l], factor: best.factor }) : '';
  const amount = formatMoney(p.amount);
  const receipt =
    points > 0
      ? t(l, 'purchase.receipt', { amount, points: pts(points), multiplier, balance })
      : t(l, 'purchase.receipt_none', { amount, balance });
  const paid = p.offset && { points: pts(p.offset.points), money: formatMoney(p.offset.valueMinor) };
  const offset = paid ? t(l, 'purchase.offset', paid) : null;
  const rows = [
    row(t(l, 'receipt.amount'), amount),
    ...(paid ? [row(t(l, 'receipt.paid_with_points'), t(l, 'receipt.paid_value', paid))] : []),
    row(t(l, 'receipt.points_earned'), `+${fmt(points)}`, true),
    ...(best ? [row(best.names[l], t(l, 'receipt.factor', { factor: best.factor }))] : []),
  ];
  return {
    kind: 'receipt',
    language: l,
    title: t(l, 'receipt.title_purchase'),
    store: p.store[l],
    rows,
    balanceLabel: t(l, 'receipt.balance'),
    balance: p.balanceToken,
    text: offset ? `${offset}\n${receipt}` : receipt,
  };
}

/**
 * The refund receipt: "退貨 NT$320，扣回 6 點。目前 1,250 點". What the refund could not take back (points the member
 * had spent) is the store's business, in the refund's answer and the brand's report, never in this message.
 */
export function refundNotice(p: {
  language: Language;
  store: Names;
  amount: number;
  takenToken: string;
  balanceToken: string;
  units?: PointUnits;
}): Reply {
  const { language: l } = p;
  const amount = formatMoney(p.amount);
  const unit = pointUnit(p.units, l, 2);
  return {
    kind: 'receipt',
    language: l,
    title: t(l, 'receipt.title_refund'),
    store: p.store[l],
    rows: [row(t(l, 'receipt.refund_amount'), amount), row(t(l, 'receipt.points_taken'), `-${p.takenToken}`, true)],
    balanceLabel: t(l, 'receipt.balance'),
    balance: p.balanceToken,
    text: t(l, 'refund.notice', {
      amount,
      points: `${p.takenToken} ${unit}`,
      balance: `${p.balanceToken} ${unit}`,
    }),
  };
}

const row = (label: string, value: string, emphasis = false) => ({ label, value, emphasis });
