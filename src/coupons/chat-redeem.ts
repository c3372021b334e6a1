import { pointsOf, unitOf } from '../conversation/domain/amounts.js';
import { textReply } from '../conversation/domain/views.js';
import type { CommandResult, QrLinks, TurnContext } from '../conversation/index.js';
import { memberOf } from '../conversation/index.js';
import type { Clock } from '../kernel/clock.js';
import type { MessageKey } from '../kernel/i18n/catalog.js';
import { t } from '../kernel/i18n/catalog.js';
import type { Ledger } from '../ledger/index.js';
import type { RedeemRefusalCode } from './domain/catalog.js';
import { type CouponView, couponReply } from './domain/views.js';
import type { CouponService } from './service.js';

/** What the member is told for each refusal: a new code without its message fails `tsc`. */
const REDEEM_REFUSED: Record<RedeemRefusalCode | 'not_configured', MessageKey> = {
  unknown_item: 'redeem.unknown_item',
  item_not_started: 'redeem.item_not_started',
  item_ended: 'redeem.item_ended',
  out_of_stock: 'redeem.out_of_stock',
  limit_reached: 'redeem.limit_reached',
  insufficient_points: 'redeem.insufficient_points',
  not_configured: 'redeem.unknown_item',
};

const fmt = (n: number) => n.toLocaleString('en-US');

export interface CouponsChatDeps {
  readonly coupons: CouponService;
  readonly ledger: Ledger;
  readonly qr: QrLinks;
  readonly clock: Clock;
}

export async function available(ledger: Ledger, memberId: string, pointType: string): Promise<number> {
  return (await ledger.balances(memberId)).find((b) => b.pointType === pointType)?.available ?? 0;
}

/** Redeems a confirmed item: the coupon card, or why not (with how many points are missing). */
export async function planRedeemReply(
  d: CouponsChatDeps,
  ctx: TurnContext,
  itemCode: string,
  tap: string,
): Promise<CommandResult> {
  const { view } = ctx;
  const memberId = memberOf(ctx).id;
  const item = await d.coupons.item(itemCode);
  if (!item) return { replies: [textReply(view, 'redeem.unknown_item')] };
  const params = {
    item: item.names[view.language],
    cost: pointsOf(view, item.pointType, item.cost),
  };
  const planned = ctx.refused ? undefined : await d.coupons.planRedeem(memberId, itemCode, tap);
  if (planned?.ok) {
    const s = planned.value.success;
    if (!s.couponCode) return { replies: [textReply(view, 'redeem.donated', params)], plan: planned.value };
    const coupon: CouponView = {
      code: s.couponCode,
      itemName: item.names[view.language],
      qrUrl: await d.qr.memberQrUrl(s.couponCode),
      status: 'active',
      validUntil: s.validUntil,
      usedAt: null,
    };
    return { replies: [couponReply(view, coupon, t(view.language, 'redeem.ok', params))], plan: planned.value };
  }
  const why = (ctx.refused ?? (planned && !planned.ok ? planned.error.code : 'unknown_item')) as RedeemRefusalCode;
  const missing = why === 'insufficient_points' ? item.cost - (await available(d.ledger, memberId, item.pointType)) : 0;
  const key = REDEEM_REFUSED[why] ?? 'redeem.unknown_item';
  const short = Math.max(missing, 1);
  const unit = unitOf(view, item.pointType, short);
  return { replies: [textReply(view, key, { ...params, missing: fmt(short), unit })] };
}
