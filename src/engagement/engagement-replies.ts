// What the chat says for check-in, giveaways and the coupon mall: runs the engagement use cases' plans inside a
// turn and turns their outcomes (success or a refusal code) into replies.

import type { Step } from '../conversation/domain/engine.js';
import type { Reply } from '../conversation/domain/replies.js';
import { textReply, type ViewContext } from '../conversation/domain/views.js';
import type { QrLinks } from '../conversation/ports.js';
import type { Clock } from '../kernel/clock.js';
import { type MessageKey, t } from '../kernel/i18n/catalog.js';
import type { Plan } from '../kernel/plan.js';
import type { Ledger } from '../ledger/service.js';
import {
  type CouponView,
  catalogReply,
  checkinReply,
  confirmReply,
  couponReply,
  couponsReply,
  giveawaysReply,
  localDateTime,
  pointTypeName,
} from './domain/views.js';
import type { EngagementService } from './service.js';
import type { CouponRecord } from './store.js';

type CommandStep = Extract<Step, { do: 'checkin' | 'claim' | 'redeem' }>;
type ViewStep = Extract<Step, { do: 'confirm_redeem' | 'show_coupon' | 'show' }>;

export interface CommandReplies {
  readonly replies: Reply[];
  /** Present when the command writes: its statements join the turn's batch. */
  readonly plan?: Plan<unknown, string>;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export class EngagementReplies {
  constructor(
    private readonly engagement: EngagementService,
    private readonly ledger: Ledger,
    private readonly qr: QrLinks,
    private readonly clock: Clock,
  ) {}

  async command(
    ctx: ViewContext,
    step: CommandStep,
    memberId: string,
    refused: string | undefined,
    eventId: string,
  ): Promise<CommandReplies> {
    switch (step.do) {
      case 'checkin':
        return this.checkin(ctx, memberId, refused);
      case 'claim':
        return this.claim(ctx, memberId, step.code, step.tap, refused, eventId);
      case 'redeem':
        return this.redeem(ctx, memberId, step.item, step.tap, refused);
    }
  }

  async view(ctx: ViewContext, step: ViewStep, memberId: string, eventId: string): Promise<Reply[]> {
    if (step.do === 'confirm_redeem') return this.confirm(ctx, memberId, step.item);
    if (step.do === 'show_coupon') {
      const coupon = await this.engagement.coupon(step.code);
      if (!coupon || coupon.memberId !== memberId) return [textReply(ctx, 'coupon.not_found')];
      return [couponReply(ctx, await this.couponView(ctx, coupon))];
    }
    if (step.view === 'giveaways') return [giveawaysReply(ctx, await this.engagement.liveGiveaways(), eventId)];
    if (step.view === 'catalog') return [catalogReply(ctx, await this.engagement.activeItems(), step.page ?? 1)];
    const coupons = await this.engagement.memberCoupons(memberId);
    return [couponsReply(ctx, await Promise.all(coupons.map((c) => this.couponView(ctx, c))))];
  }

  private async checkin(ctx: ViewContext, memberId: string, refused: string | undefined): Promise<CommandReplies> {
    const planned = refused ? undefined : await this.engagement.planCheckin(memberId);
    if (planned?.ok) return { replies: [checkinReply(ctx, planned.value.success)], plan: planned.value };
    const code = refused ?? (planned && !planned.ok ? planned.error.code : 'unavailable');
    if (code === 'already_checked_in') {
      const s = await this.engagement.checkinStrip(memberId);
      return { replies: [checkinReply(ctx, { ...s, already: true })] };
    }
    return { replies: [textReply(ctx, 'checkin.unavailable')] };
  }

  private async claim(
    ctx: ViewContext,
    memberId: string,
    code: string,
    tap: string,
    refused: string | undefined,
    eventId: string,
  ): Promise<CommandReplies> {
    const giveaway = await this.engagement.giveaway(code);
    if (!giveaway) {
      return {
        replies: [
          textReply(ctx, 'claim.unknown_giveaway', { code }),
          giveawaysReply(ctx, await this.engagement.liveGiveaways(), eventId),
        ],
      };
    }
    const title = giveaway.titles[ctx.language];
    const planned = refused ? undefined : await this.engagement.planClaim(memberId, code, tap);
    if (planned?.ok) {
      const s = planned.value.success;
      const text = textReply(ctx, 'claim.ok', {
        amount: fmt(giveaway.perClaim),
        pointType: pointTypeName(ctx, giveaway.pointType),
        title,
        left: s.budgetLeftToken,
        budget: fmt(giveaway.budget),
      });
      return { replies: [text], plan: planned.value };
    }
    const why = refused ?? (planned && !planned.ok ? planned.error.code : 'unknown_giveaway');
    const key = `claim.${why}` as MessageKey;
    return { replies: [textReply(ctx, key, { title, code, start: localDateTime(ctx, giveaway.startsAt) })] };
  }

  private async confirm(ctx: ViewContext, memberId: string, itemCode: string): Promise<Reply[]> {
    const item = await this.engagement.item(itemCode);
    if (!item)
      return [textReply(ctx, 'redeem.unknown_item'), catalogReply(ctx, await this.engagement.activeItems(), 1)];
    const available = await this.available(memberId, item.pointType);
    if (available < item.cost) {
      return [
        textReply(ctx, 'redeem.insufficient_points', {
          item: item.names[ctx.language],
          missing: fmt(item.cost - available),
          pointType: pointTypeName(ctx, item.pointType),
        }),
      ];
    }
    return [confirmReply(ctx, item, available - item.cost)];
  }

  private async redeem(
    ctx: ViewContext,
    memberId: string,
    itemCode: string,
    tap: string,
    refused: string | undefined,
  ): Promise<CommandReplies> {
    const item = await this.engagement.item(itemCode);
    if (!item) return { replies: [textReply(ctx, 'redeem.unknown_item')] };
    const params = {
      item: item.names[ctx.language],
      cost: fmt(item.cost),
      pointType: pointTypeName(ctx, item.pointType),
    };
    const planned = refused ? undefined : await this.engagement.planRedeem(memberId, itemCode, tap);
    if (planned?.ok) {
      const s = planned.value.success;
      if (!s.couponCode) return { replies: [textReply(ctx, 'redeem.donated', params)], plan: planned.value };
      const view: CouponView = {
        code: s.couponCode,
        itemName: item.names[ctx.language],
        qrUrl: await this.qr.memberQrUrl(s.couponCode),
        status: 'active',
        validUntil: s.validUntil,
        usedAt: null,
      };
      return { replies: [couponReply(ctx, view, t(ctx.language, 'redeem.ok', params))], plan: planned.value };
    }
    const why = refused ?? (planned && !planned.ok ? planned.error.code : 'unknown_item');
    const missing = why === 'insufficient_points' ? item.cost - (await this.available(memberId, item.pointType)) : 0;
    return {
      replies: [textReply(ctx, `redeem.${why}` as MessageKey, { ...params, missing: fmt(Math.max(missing, 1)) })],
    };
  }

  private async available(memberId: string, pointType: string): Promise<number> {
    return (await this.ledger.balances(memberId)).find((b) => b.pointType === pointType)?.available ?? 0;
  }

  private async couponView(ctx: ViewContext, c: CouponRecord): Promise<CouponView> {
    const item = await this.engagement.item(c.itemCode);
    const expired = c.status === 'active' && c.validUntil !== null && c.validUntil <= this.clock.now();
    return {
      code: c.code,
      itemName: item?.names[ctx.language] ?? c.itemCode,
      qrUrl: await this.qr.memberQrUrl(c.code),
      status: expired ? 'expired' : c.status,
      validUntil: c.validUntil,
      usedAt: c.usedAt,
    };
  }
}
