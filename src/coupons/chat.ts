// The coupon mall from the chat: the catalogue, choosing an item (which opens the confirmation flow), redeeming
// it in one batch, and the member's own coupons.

import { unitOf } from '../conversation/domain/amounts.js';
import { type Intent, run } from '../conversation/domain/command.js';
import { engagementQuickReplies, textReply, type ViewContext } from '../conversation/domain/views.js';
import { type ChatModule, type CommandResult, memberOf, type TurnContext } from '../conversation/index.js';
import { available, type CouponsChatDeps, planRedeemReply } from './chat-redeem.js';
import type { CatalogItem } from './domain/catalog.js';
import { catalogReply, confirmReply, type MemberStanding, whichItemReply } from './domain/catalog-view.js';
import { findItem } from './domain/find-item.js';
import { CHOOSE, chooseItem, REDEEM, redeemConfirmFlow } from './domain/redeem-confirm-flow.js';
import type { CouponView } from './domain/views.js';
import { couponReply, couponsReply } from './domain/views.js';
import type { CouponRecord } from './store.js';

/** What follows "redeem" / "兌換": an item's name (either language), code or the start of one. */
const ITEM_QUERY = /^.{1,40}$/u;
const chooseIntent = (item: string): Intent => ({ command: CHOOSE, args: { item } });
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
  const standing = async (memberId: string, items: readonly CatalogItem[]): Promise<MemberStanding> => {
    const [balances, limitsLeft] = await Promise.all([
      d.ledger.balances(memberId),
      d.coupons.limitsLeft(memberId, items),
    ]);
    return { balances: new Map(balances.map((b) => [b.pointType, b.available])), limitsLeft };
  };
  const catalog = async (ctx: TurnContext, page: number) => {
    const items = await d.coupons.activeItems();
    return catalogReply(ctx.view, items, page, await standing(memberOf(ctx).id, items));
  };
  const confirm = async (ctx: TurnContext, query: string): Promise<CommandResult> => {
    const found = findItem(await d.coupons.activeItems(), query);
    if (found.kind === 'many') return { replies: [whichItemReply(ctx.view, query, found.items)] };
    if (found.kind === 'none')
      return { replies: [textReply(ctx.view, 'redeem.no_match', { query }), await catalog(ctx, 1)] };
    const item = found.item;
    const memberId = memberOf(ctx).id;
    const balance = await available(d.ledger, memberId, item.pointType);
    if (balance < item.cost) {
      const params = {
        item: item.names[ctx.view.language],
        missing: fmt(item.cost - balance),
        unit: unitOf(ctx.view, item.pointType, item.cost - balance),
      };
      return { replies: [textReply(ctx.view, 'redeem.insufficient_points', params, engagementQuickReplies(ctx.view))] };
    }
    // The member's limit is told before Confirm; the trigger on coupons stays the final word.
    if ((await d.coupons.limitsLeft(memberId, [item])).get(item.code) === 0) {
      const params = { item: item.names[ctx.view.language] };
      return { replies: [textReply(ctx.view, 'redeem.limit_reached', params, engagementQuickReplies(ctx.view))] };
    }
    return { replies: [confirmReply(ctx.view, item, balance - item.cost)] };
  };
  return {
    flows: [redeemConfirmFlow],
    commands: [
      {
        name: 'coupons',
        keywords: { en: ['coupons', 'coupon mall', 'mall', 'redeem'], 'zh-TW': ['優惠券', '兌換', '商城'] },
        // "redeem latte" / "兌換 拿鐵": choose a catalogue item by its name (see findItem).
        withText: (rest) => (ITEM_QUERY.test(rest) ? chooseIntent(rest) : undefined),
        // "兌換拿鐵" without a space is common when typing Chinese.
        match: (text) => {
          const glued = /^兌換(.{1,40})$/u.exec(text);
          return glued?.[1] ? chooseIntent(glued[1]) : undefined;
        },
        fromPostback: (p) => {
          const page = Number(p('page') ?? '1');
          return catalogIntent(Number.isInteger(page) && page >= 1 ? page : 1);
        },
        plan: async (ctx, args) => ({ replies: [await catalog(ctx, Number(args.page ?? '1') || 1)] }),
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
        plan: async (ctx, args) => {
          // The flow holds what the member chose: a code from a button, or the name they typed.
          const found = findItem(await d.coupons.activeItems(), args.item ?? '');
          const code = found.kind === 'one' ? found.item.code : args.item;
          if (found.kind !== 'one' && !(code && (await d.coupons.item(code))))
            return { replies: [textReply(ctx.view, 'confirm.nothing', {}, engagementQuickReplies(ctx.view))] };
          return planRedeemReply(d, ctx, code ?? '', args.tap ?? ctx.event.eventId);
        },
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
