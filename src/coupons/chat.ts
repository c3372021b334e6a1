// The coupon mall from the chat: the catalogue, choosing an item (which opens the confirmation flow), redeeming
// it in one batch, and the member's own coupons.
import { type Intent, run } from '../conversation/domain/command.js';
import { pointTypeName, textReply, type ViewContext } from '../conversation/domain/views.js';
import { type ChatModule, type CommandResult, memberOf, type TurnContext } from '../conversation/index.js';
import { available, type CouponsChatDeps, planRedeemReply } from './chat-redeem.js';
import { CHOOSE, chooseItem, REDEEM, redeemConfirmFlow } from './domain/redeem-confirm-flow.js';
import type { CouponView } from './domain/views.js';
import { catalogReply, confirmReply, couponReply, couponsReply } from './domain/views.js';
import type { CouponRecord } from './store.js';

const ITEM = /^[a-z0-9_-]{1,32}$/;
const catalogIntent = (page = 1): Intent => ({ command: 'coupons', args: { page: String(page) } });
const fmt = (n: number) => n.toLocaleString('en-US');

export type { CouponsChatDeps };

export function couponsChat(d: CouponsChatDeps): ChatModule {
  const couponView = async (view: ViewContext, c: CouponRecord): Promise<CouponView> => {
    const item = await d.coupons.item(c.itemCode);
    const expired = c.status === 'active' && c.validUntil !== null && c.validUntil <= d.clock.now();
    return {
      code: c.code,
      itemName: item?.names[view.language] ?? c.itemCode,
      qrUrl: await d.qr.memberQrUrl(c.code),
      status: expired ? 'expired' : c.status,
      validUntil: c.validUntil,
      usedAt: c.usedAt,
    };
  };
  const confirm = async (ctx: TurnContext, itemCode: string): Promise<CommandResult> => {
    const item = await d.coupons.item(itemCode);
    if (!item)
      return {
        replies: [textReply(ctx.view, 'redeem.unknown_item'), catalogReply(ctx.view, await d.coupons.activeItems(), 1)],
      };
    const balance = await available(d.ledger, memberOf(ctx).id, item.pointType);
    if (balance < item.cost) {
      const params = {
        item: item.names[ctx.view.language],
        missing: fmt(item.cost - balance),
        pointType: pointTypeName(ctx.view, item.pointType),
      };
      return { replies: [textReply(ctx.view, 'redeem.insufficient_points', params)] };
    }
    return { replies: [confirmReply(ctx.view, item, balance - item.cost)] };
  };
  return {
    flows: [redeemConfirmFlow],
    commands: [
      {
        name: 'coupons',
        keywords: { en: ['coupons', 'coupon mall', 'mall', 'redeem'], 'zh-TW': ['優惠券', '兌換', '商城'] },
        // "redeem latte" / "兌換 latte": choose a catalogue item by its code.
        withText: (rest) => (ITEM.test(rest) ? { command: CHOOSE, args: { item: rest } } : undefined),
        fromPostback: (p) => {
          const page = Number(p('page') ?? '1');
          return catalogIntent(Number.isInteger(page) && page >= 1 ? page : 1);
        },
        plan: async (ctx, args) => ({
          replies: [catalogReply(ctx.view, await d.coupons.activeItems(), Number(args.page ?? '1') || 1)],
        }),
      },
      {
        name: CHOOSE,
        fromPostback: (p) => {
          const item = p('item');
          return item ? { command: CHOOSE, args: { item } } : catalogIntent();
        },
        forMember: (args, input) => (args.item ? chooseItem(args.item, input) : [run('coupons', { page: '1' })]),
        plan: (ctx, args) => confirm(ctx, args.item ?? ''),
      },
      {
        name: REDEEM,
        forMember: null,
        plan: (ctx, args) => planRedeemReply(d, ctx, args.item ?? '', args.tap ?? ctx.event.eventId),
      },
      {
        name: 'my_coupons',
        keywords: { en: ['my coupons', 'mycoupons'], 'zh-TW': ['我的優惠券'] },
        plan: async (ctx) => {
          const coupons = await d.coupons.memberCoupons(memberOf(ctx).id);
          return { replies: [couponsReply(ctx.view, await Promise.all(coupons.map((c) => couponView(ctx.view, c))))] };
        },
      },
      {
        name: 'coupon',
        fromPostback: (p) => {
          const code = p('c');
          return code ? { command: 'coupon', args: { code } } : ({ command: 'my_coupons', args: {} } as Intent);
        },
        plan: async (ctx, args) => {
          const coupon = await d.coupons.coupon(args.code ?? '');
          if (!coupon || coupon.memberId !== memberOf(ctx).id)
            return { replies: [textReply(ctx.view, 'coupon.not_found')] };
          return { replies: [couponReply(ctx.view, await couponView(ctx.view, coupon))] };
        },
      },
    ],
  };
}
