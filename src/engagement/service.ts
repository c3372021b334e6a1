import { z } from 'zod';
import {
  type CheckinSettings,
  checkinSettingsSchema,
  nextStreak,
  sevenDayStrip,
  streakBonus,
} from '../checkin/domain/checkin.js';
import {
  type CatalogItem,
  type CatalogItemInput,
  catalogItemSchema,
  couponCode,
  couponValidUntil,
  limitPeriodKey,
  type RedeemRefusalCode,
  type StoreRedeemRefusalCode,
} from '../coupons/domain/catalog.js';
import {
  type ClaimRefusalCode,
  type GiveawayInput,
  giveawaySchema,
  isClaimRefusal,
} from '../giveaways/domain/giveaway.js';
import type { Clock, IdGen } from '../kernel/clock.js';
import { sha256 } from '../kernel/crypto.js';
import type { BatchRefusal, CommitFact, Database, Row, Statement } from '../kernel/database.js';
import type { Plan, Planned } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import { addDays, localDate } from '../kernel/time.js';
import { campaignBudget, ISSUANCE, REDEMPTION, wallet } from '../ledger/domain/accounts.js';
import type { Ledger } from '../ledger/service.js';
import type { CouponRecord, EngagementStore, GiveawayView } from './store.js';

export const welcomeBonusSchema = z.object({
  pointType: z.string().min(1),
  amount: z.number().int().min(1).max(1_000_000),
});
export type WelcomeBonus = z.output<typeof welcomeBonusSchema>;

export interface CheckinResult {
  readonly localDate: string;
  readonly streak: number;
  readonly earned: number;
  readonly bonus: number;
  readonly pointType: string;
  readonly strip: { date: string; checked: boolean }[];
}

export interface ClaimResult {
  readonly giveaway: GiveawayView;
  /**
   * Stands for the budget left right after this claim in text the chat stores with the claim: the plan's fact
   * replaces it with the balance read inside the committing batch, so concurrent claims cannot make it stale.
   */
  readonly budgetLeftToken: string;
}

export interface RedeemResult {
  readonly item: CatalogItem;
  readonly couponCode: string | null;
  readonly validUntil: number | null;
}

export type ClaimCode = ClaimRefusalCode;
export type RedeemCode = RedeemRefusalCode;

export interface EngagementDeps {
  readonly db: Database;
  readonly store: EngagementStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly ids: IdGen;
  readonly timeZone: string;
}

const uniqueOn = (e: BatchRefusal, prefix: string) => e.kind === 'unique' && e.target.startsWith(prefix);

export class EngagementService {
  constructor(private readonly d: EngagementDeps) {}

  // ----- admin definitions -----

  async setCheckinSettings(
    input: unknown,
  ): Promise<Result<CheckinSettings, { code: 'invalid_settings'; message: string }>> {
    const parsed = checkinSettingsSchema.safeParse(input);
    if (!parsed.success)
      return err({ code: 'invalid_settings', message: parsed.error.issues[0]?.message ?? 'invalid' });
    if (!(await this.d.ledger.pointType(parsed.data.pointType))) {
      return err({ code: 'invalid_settings', message: 'unknown point type' });
    }
    await this.run([this.d.store.putSetting('checkin', parsed.data, this.d.clock.now())]);
    return ok(parsed.data);
  }

  /** The welcome gift new members get (program configuration), or null for none. */
  async welcomeBonus(): Promise<WelcomeBonus | null> {
    const parsed = welcomeBonusSchema.safeParse(await this.d.store.setting('welcome_bonus'));
    return parsed.success ? parsed.data : null;
  }

  async setWelcomeBonus(
    input: unknown,
  ): Promise<Result<WelcomeBonus | null, { code: 'invalid_settings'; message: string }>> {
    const parsed = welcomeBonusSchema.nullable().safeParse(input);
    if (!parsed.success)
      return err({ code: 'invalid_settings', message: parsed.error.issues[0]?.message ?? 'invalid' });
    if (parsed.data && !(await this.d.ledger.pointType(parsed.data.pointType))) {
      return err({ code: 'invalid_settings', message: 'unknown point type' });
    }
    await this.run([this.d.store.putSetting('welcome_bonus', parsed.data, this.d.clock.now())]);
    return ok(parsed.data);
  }

  async checkinSettings(): Promise<CheckinSettings | null> {
    const parsed = checkinSettingsSchema.safeParse(await this.d.store.setting('checkin'));
    return parsed.success ? parsed.data : null;
  }

  /** Creates a giveaway and funds its budget account with the cap, in one batch. */
  async defineGiveaway(input: GiveawayInput): Promise<Result<GiveawayView, { code: string; message: string }>> {
    const parsed = giveawaySchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err({ code: 'invalid_giveaway', message: `${issue?.path.join('.')}: ${issue?.message}` });
    }
    const g = parsed.data;
    if (!(await this.d.ledger.pointType(g.pointType)))
      return err({ code: 'unknown_point_type', message: 'no such point type' });
    const existing = await this.d.store.giveaway(g.code);
    const now = this.d.clock.now();
    const statements: Statement[] = [this.d.store.upsertGiveaway(g, now)];
    if (!existing) {
      const fund = await this.d.ledger.prepare({
        key: `fund:giveaway:${g.code}`,
        pointType: g.pointType,
        from: ISSUANCE,
        to: campaignBudget(g.code),
        amount: g.budget,
        reason: { code: 'budget_funding', params: { giveaway: g.code } },
      });
      if (!fund.ok) return err({ code: fund.error.code, message: fund.error.message });
      statements.push(
        this.d.ledger.openAccountStatement(campaignBudget(g.code), g.pointType),
        ...fund.value.statements,
      );
    }
    const r = await this.d.db.batch(statements);
    if (!r.ok) return err({ code: r.error.kind === 'refused' ? r.error.code : 'conflict', message: 'refused' });
    const view = await this.d.store.giveaway(g.code);
    if (!view) throw new Error('giveaway vanished');
    return ok(view);
  }

  async defineItem(input: CatalogItemInput): Promise<Result<CatalogItem, { code: string; message: string }>> {
    const parsed = catalogItemSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err({ code: 'invalid_item', message: `${issue?.path.join('.')}: ${issue?.message}` });
    }
    if (!(await this.d.ledger.pointType(parsed.data.pointType)))
      return err({ code: 'unknown_point_type', message: 'no such point type' });
    await this.run([this.d.store.upsertItem(parsed.data, this.d.clock.now())]);
    const item = await this.d.store.item(parsed.data.code);
    if (!item) throw new Error('item vanished');
    return ok(item);
  }

  // ----- check-in -----

  async planCheckin(memberId: string): Promise<Planned<CheckinResult, 'already_checked_in' | 'unavailable'>> {
    const settings = await this.checkinSettings();
    if (!settings) return err({ code: 'not_configured' });
    const now = this.d.clock.now();
    const today = localDate(now, this.d.timeZone);
    const [last, dates] = await Promise.all([
      this.d.store.lastCheckin(memberId),
      this.d.store.checkinDates(memberId, addDays(today, -6)),
    ]);
    if (last?.localDate === today) return err({ code: 'already_checked_in' });
    const streak = nextStreak(last ?? null, today);
    const bonus = streakBonus(settings, streak);
    const credit = (key: string, amount: number, reason: Parameters<Ledger['credit']>[1]['reason']) =>
      this.d.ledger.prepare({
        key,
        pointType: settings.pointType,
        from: ISSUANCE,
        to: wallet(memberId),
        amount,
        reason,
        lifetime: settings.lifetime,
      });
    const base = await credit(`checkin:${memberId}:${today}`, settings.amount, {
      code: 'checkin',
      params: { date: today },
    });
    if (!base.ok) return err({ code: 'unavailable' });
    const statements = [this.d.store.insertCheckin(memberId, today, streak, now), ...base.value.statements];
    if (bonus > 0) {
      const extra = await credit(`streak:${memberId}:${today}`, bonus, {
        code: 'streak_bonus',
        params: { day: streak },
      });
      if (extra.ok) statements.push(...extra.value.statements);
    }
    return ok({
      statements,
      success: {
        localDate: today,
        streak,
        earned: settings.amount,
        bonus,
        pointType: settings.pointType,
        strip: sevenDayStrip(today, new Set([...dates, today])),
      },
      refusal: (e) => {
        if (uniqueOn(e, 'checkins') || uniqueOn(e, 'transfers.idempotency_key')) return 'already_checked_in';
        if (e.kind === 'refused') return 'unavailable';
        return undefined;
      },
    });
  }

  async checkinStrip(
    memberId: string,
  ): Promise<{ localDate: string; streak: number; strip: { date: string; checked: boolean }[] }> {
    const today = localDate(this.d.clock.now(), this.d.timeZone);
    const [last, dates] = await Promise.all([
      this.d.store.lastCheckin(memberId),
      this.d.store.checkinDates(memberId, addDays(today, -6)),
    ]);
    const streak = last && (last.localDate === today || last.localDate === addDays(today, -1)) ? last.streak : 0;
    return { localDate: today, streak, strip: sevenDayStrip(today, new Set(dates)) };
  }

  // ----- giveaways -----

  liveGiveaways(): Promise<GiveawayView[]> {
    return this.d.store.liveGiveaways(this.d.clock.now());
  }

  giveaway(code: string): Promise<GiveawayView | undefined> {
    return this.d.store.giveaway(code);
  }

  /**
   * A claim: the claim row (its trigger checks window, audience, budget left, daily and total limits) and the
   * transfer from the giveaway's budget (which can't go below zero), in one batch. `tapKey` makes a repeated
   * tap or a redelivered event claim once.
   */
  async planClaim(memberId: string, code: string, tapKey: string): Promise<Planned<ClaimResult, ClaimCode>> {
    const giveaway = await this.d.store.giveaway(code.toUpperCase());
    if (!giveaway) return err({ code: 'unknown_giveaway' });
    const now = this.d.clock.now();
    const today = localDate(now, this.d.timeZone);
    const transferKey = `claim:${giveaway.code}:${memberId}:${tapKey}`;
    const budgetLeftToken = `[[budget-left:${crypto.randomUUID()}]]`;
    const move = await this.d.ledger.prepare({
      key: transferKey,
      pointType: giveaway.pointType,
      from: campaignBudget(giveaway.code),
      to: wallet(memberId),
      amount: giveaway.perClaim,
      reason: {
        code: 'giveaway',
        params: { giveaway: giveaway.code, 'title_zh-TW': giveaway.titles['zh-TW'], title_en: giveaway.titles.en },
      },
      lifetime: giveaway.lifetime ?? undefined,
    });
    if (!move.ok) return err({ code: 'unknown_giveaway' });
    return ok({
      statements: [
        this.d.store.insertClaim({ giveawayCode: giveaway.code, memberId, localDate: today, transferKey, now }),
        ...move.value.statements,
      ],
      success: { giveaway, budgetLeftToken },
      facts: [{ token: budgetLeftToken, expr: this.d.store.budgetLeftText(giveaway.code, giveaway.pointType) }],
      refusal: (e) => {
        if (e.kind === 'refused' && isClaimRefusal(e.code)) return e.code;
        if (e.kind === 'refused' && (e.code === 'budget_exhausted' || e.code === 'insufficient_points'))
          return 'sold_out';
        // The same tap again, or a slot taken by a claim that committed first: a daily-limit answer either way.
        if (uniqueOn(e, 'giveaway_claims') || uniqueOn(e, 'transfers.idempotency_key')) return 'daily_limit_reached';
        return undefined;
      },
    });
  }

  // ----- coupon mall -----

  activeItems(): Promise<CatalogItem[]> {
    return this.d.store.activeItems(this.d.clock.now());
  }

  item(code: string): Promise<CatalogItem | undefined> {
    return this.d.store.item(code);
  }

  /**
   * Redeeming an item: the stock decrement (CHECK >= 0), the debit from the member's earliest-expiring lots,
   * and the coupon (its trigger checks the item window and the per-member limit), in one batch: nobody is charged
   * without a coupon and no coupon is issued without the points.
   */
  async planRedeem(memberId: string, itemCode: string, tapKey: string): Promise<Planned<RedeemResult, RedeemCode>> {
    const item = await this.d.store.item(itemCode);
    if (!item) return err({ code: 'unknown_item' });
    const now = this.d.clock.now();
    const transferKey = `redeem:${item.code}:${memberId}:${tapKey}`;
    const debit = await this.d.ledger.prepare({
      key: transferKey,
      pointType: item.pointType,
      from: wallet(memberId),
      to: REDEMPTION,
      amount: item.cost,
      reason: {
        code: item.kind === 'donation' ? 'donation' : 'coupon',
        params: { item: item.code, 'item_zh-TW': item.names['zh-TW'], item_en: item.names.en },
      },
    });
    if (!debit.ok)
      return err({ code: debit.error.code === 'insufficient_points' ? 'insufficient_points' : 'unknown_item' });
    const code = couponCode(crypto.getRandomValues(new Uint8Array(12)));
    const validUntil = couponValidUntil(item, now, this.d.timeZone);
    return ok({
      statements: [
        this.d.store.takeStock(item.code),
        ...debit.value.statements,
        this.d.store.insertCoupon({
          code,
          itemCode: item.code,
          memberId,
          transferKey,
          limitPeriod: limitPeriodKey(item.limitPeriod, now, this.d.timeZone),
          status: item.kind === 'donation' ? 'donated' : 'active',
          issuedAt: now,
          validUntil,
          storeScope: item.storeScope,
        }),
      ],
      success: { item, couponCode: item.kind === 'donation' ? null : code, validUntil },
      refusal: (e) => {
        if (e.kind === 'refused' && e.code === 'catalog_stock_nonneg') return 'out_of_stock';
        if (e.kind === 'refused' && e.code === 'insufficient_points') return 'insufficient_points';
        if (
          e.kind === 'refused' &&
          ['limit_reached', 'item_ended', 'item_not_started', 'unknown_item'].includes(e.code)
        ) {
          return e.code as RedeemCode;
        }
        if (uniqueOn(e, 'transfers.idempotency_key') || uniqueOn(e, 'coupons')) return 'limit_reached';
        return undefined;
      },
    });
  }

  memberCoupons(memberId: string, limit = 20): Promise<CouponRecord[]> {
    return this.d.store.memberCoupons(memberId, limit);
  }

  coupon(code: string): Promise<CouponRecord | undefined> {
    return this.d.store.coupon(code);
  }

  /** Runs a plan on its own (admin, store and tests); the chat batches plans with its turn instead. */
  async execute<T, E extends string>(planned: Planned<T, E>): Promise<Result<T, { code: E | 'not_configured' }>> {
    if (!planned.ok) return planned;
    const r = await this.d.db.batch(planned.value.statements);
    if (r.ok) return ok(planned.value.success);
    const code = planned.value.refusal(r.error);
    if (code) return err({ code });
    throw new Error(`unexpected refusal: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
  }

  /** An admin cancels an unused coupon: points back into the lots they came from, stock back, in one batch. */
  async cancelCoupon(code: string): Promise<Result<CouponRecord, { code: 'coupon_not_found' | 'coupon_not_active' }>> {
    const coupon = await this.d.store.coupon(code);
    if (!coupon) return err({ code: 'coupon_not_found' });
    const transfer = await this.d.ledger.transferByKey(coupon.transferKey);
    if (!transfer) return err({ code: 'coupon_not_found' });
    const now = this.d.clock.now();
    const statements = [
      this.d.store.cancelCoupon(code, now),
      this.d.store.returnStock(coupon.itemCode),
      this.d.ledger.reversalStatement(transfer, `cancel:${code}`),
    ];
    const r = await this.d.db.batch(statements);
    if (!r.ok) {
      if (r.error.kind === 'refused' && r.error.code === 'coupon_not_active') return err({ code: 'coupon_not_active' });
      if (r.error.kind === 'refused' && r.error.code === 'already_reversed') return err({ code: 'coupon_not_active' });
      throw new Error(`cancel refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
    }
    const after = await this.d.store.coupon(code);
    if (!after) throw new Error('coupon vanished');
    return ok(after);
  }

  /**
   * A store marks a coupon used. The conditional UPDATE is the guard (active, unexpired, right store); a replay
   * with the same request key gets the first answer again; anything else is explained from the coupon's state.
   */
  async storeRedeem(
    storeCode: string,
    code: string,
    requestKey: string,
  ): Promise<Result<{ coupon: CouponRecord; replayed: boolean }, { code: StoreRedeemRefusalCode }>> {
    const now = this.d.clock.now();
    const r = await this.d.db.batch([this.d.store.useCoupon({ code, store: storeCode, requestKey, now })]);
    if (!r.ok && !(r.error.kind === 'refused' && r.error.code === 'coupon_not_active')) {
      throw new Error(`store redeem refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
    }
    const changed = r.ok && (r.value[0] as Row[] | undefined)?.length === 1;
    const coupon = await this.d.store.coupon(code);
    if (!coupon) return err({ code: 'coupon_not_found' });
    if (changed) return ok({ coupon, replayed: false });
    if (coupon.status === 'used') {
      return coupon.usedStore === storeCode && coupon.usedRequestKey === requestKey
        ? ok({ coupon, replayed: true })
        : err({ code: 'coupon_already_used' });
    }
    if (coupon.status === 'cancelled') return err({ code: 'coupon_cancelled' });
    if (coupon.status === 'donated') return err({ code: 'coupon_not_redeemable' });
    if (coupon.storeScope && coupon.storeScope !== storeCode) return err({ code: 'coupon_wrong_store' });
    if (coupon.validUntil !== null && coupon.validUntil <= now) return err({ code: 'coupon_expired' });
    return err({ code: 'coupon_not_redeemable' });
  }

  // ----- stores -----

  async createStoreKey(storeCode: string, storeName: string): Promise<{ id: string; key: string }> {
    const id = this.d.ids.next();
    const key = `plsk_${this.d.ids.next()}${this.d.ids.next()}`;
    const now = this.d.clock.now();
    await this.run([
      this.d.store.upsertStore(storeCode, storeName, now),
      this.d.store.insertStoreKey(id, storeCode, await sha256(key), now),
    ]);
    return { id, key };
  }

  async storeForKey(key: string): Promise<{ storeCode: string; storeName: string } | undefined> {
    return this.d.store.storeByKeyHash(await sha256(key));
  }

  private async run(statements: Statement[]): Promise<void> {
    const r = await this.d.db.batch(statements);
    if (!r.ok) throw new Error(`write refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
  }
}
