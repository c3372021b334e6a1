import type { Reply } from '../conversation/domain/replies.js';
import type { InboxStore } from '../inbox/index.js';
import type { Clock } from '../kernel/clock.js';
import type { Database, Row, Statement } from '../kernel/database.js';
import { commitAll, describeRefusal, executePlan, type Planned } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import { REDEMPTION, wallet } from '../ledger/domain/accounts.js';
import type { Ledger } from '../ledger/index.js';
import {
  type CatalogItem,
  type CatalogItemInput,
  catalogItemSchema,
  couponCode,
  couponValidUntil,
  limitLeft,
  limitPeriodKey,
  type RedeemRefusalCode,
  type StoreRedeemRefusalCode,
} from './domain/catalog.js';
import { couponCancelledNotice, couponUsedNotice } from './domain/till-notices.js';
import type { CouponRecord, CouponStore } from './store.js';

export interface RedeemResult {
  readonly item: CatalogItem;
  readonly couponCode: string | null;
  readonly validUntil: number | null;
}

export type RedeemCode = RedeemRefusalCode;

export interface CouponDeps {
  readonly db: Database;
  readonly store: CouponStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly timeZone: string;
  /** Where the member's notices go (a use at a store, a cancellation): in the batch that makes the change. */
  readonly outbox?: Pick<InboxStore, 'enqueue'>;
}

/** A refusal at the till; an already-used coupon says when and where. */
export interface StoreRedeemRefusal {
  readonly code: StoreRedeemRefusalCode;
  readonly coupon?: CouponRecord;
}

/** The coupon mall: catalogue items, redeeming them for coupons, cancelling and using coupons. */
export class CouponService {
  constructor(private readonly d: CouponDeps) {}

  async defineItem(input: CatalogItemInput): Promise<Result<CatalogItem, { code: string; message: string }>> {
    const parsed = catalogItemSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err({ code: 'invalid_item', message: `${issue?.path.join('.')}: ${issue?.message}` });
    }
    if (!(await this.d.ledger.pointType(parsed.data.pointType)))
      return err({ code: 'unknown_point_type', message: 'no such point type' });
    await commitAll(this.d.db, [this.d.store.upsertItem(parsed.data, this.d.clock.now())]);
    const item = await this.d.store.item(parsed.data.code);
    if (!item) throw new Error('item vanished');
    return ok(item);
  }

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
      refusal: (e) => this.d.store.classifyRedeem(e),
    });
  }

  /** Per item with a per-member limit: how many more times this member may redeem it now (the trigger decides). */
  async limitsLeft(memberId: string, items: readonly CatalogItem[]): Promise<Map<string, number>> {
    const now = this.d.clock.now();
    const periodOf = (i: CatalogItem) => limitPeriodKey(i.limitPeriod, now, this.d.timeZone);
    const limited = items.filter((i) => i.perMemberLimit !== null);
    const rows = await this.d.store.redeemedIn(memberId, [...new Set(limited.map(periodOf))]);
    const used = (i: CatalogItem) => rows.find((r) => r.itemCode === i.code && r.period === periodOf(i))?.n ?? 0;
    return new Map(limited.map((i) => [i.code, limitLeft(i, used(i)) ?? 0]));
  }

  memberCoupons(memberId: string, limit = 20): Promise<CouponRecord[]> {
    return this.d.store.memberCoupons(memberId, limit);
  }

  coupon(code: string): Promise<CouponRecord | undefined> {
    return this.d.store.coupon(code);
  }

  /** Runs a plan on its own (admin, store and tests); the chat batches plans with its turn instead. */
  execute<T, E extends string>(planned: Planned<T, E>) {
    return executePlan(this.d.db, planned);
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
      ...(await this.notice(coupon.memberId, async (language) => {
        const [item, pointType] = [
          await this.d.store.item(coupon.itemCode),
          await this.d.ledger.pointType(transfer.pointType),
        ];
        if (!item || !pointType) return null;
        return couponCancelledNotice(language, {
          item: item.names,
          code,
          amount: transfer.amount,
          pointType,
        });
      })),
    ];
    const r = await this.d.db.batch(statements);
    if (!r.ok) {
      const refusal = this.d.store.classifyCancel(r.error);
      if (refusal) return err({ code: refusal });
      throw new Error(`cancel refused: ${describeRefusal(r.error)}`);
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
  ): Promise<Result<{ coupon: CouponRecord; replayed: boolean }, StoreRedeemRefusal>> {
    const now = this.d.clock.now();
    // The member and item never change, so a read before the batch is safe; the guards decide the use.
    const before = await this.d.store.coupon(code);
    if (!before) return err({ code: 'coupon_not_found' });
    const use = { code, store: storeCode, requestKey, now };
    const r = await this.d.db.batch([
      this.d.store.useCoupon(use),
      this.d.store.usedBy(use),
      ...(await this.notice(before.memberId, (language) => this.usedNotice(language, before, storeCode, now))),
    ]);
    if (!r.ok && !this.d.store.classifyUse(r.error)) {
      throw new Error(`store redeem refused: ${describeRefusal(r.error)}`);
    }
    const changed = r.ok && (r.value[0] as Row[] | undefined)?.length === 1;
    const coupon = await this.d.store.coupon(code);
    if (!coupon) return err({ code: 'coupon_not_found' });
    if (changed) return ok({ coupon, replayed: false });
    return this.explainUnused(coupon, storeCode, requestKey, now);
  }

  /** Why a coupon the guarded UPDATE did not change can't be used (or the first answer, for a replay). */
  private explainUnused(
    coupon: CouponRecord,
    storeCode: string,
    requestKey: string,
    now: number,
  ): Result<{ coupon: CouponRecord; replayed: boolean }, StoreRedeemRefusal> {
    if (coupon.status === 'used') {
      return coupon.usedStore === storeCode && coupon.usedRequestKey === requestKey
        ? ok({ coupon, replayed: true })
        : err({ code: 'coupon_already_used', coupon });
    }
    if (coupon.status === 'cancelled') return err({ code: 'coupon_cancelled' });
    if (coupon.status === 'donated') return err({ code: 'coupon_not_redeemable' });
    if (coupon.storeScope && coupon.storeScope !== storeCode) return err({ code: 'coupon_wrong_store' });
    if (coupon.validUntil !== null && coupon.validUntil <= now) return err({ code: 'coupon_expired' });
    return err({ code: 'coupon_not_redeemable' });
  }

  /** The coupon as the till sees it before using it (undefined: no such coupon). */
  async lookup(code: string): Promise<{ coupon: CouponRecord; item: CatalogItem | undefined } | undefined> {
    const coupon = await this.d.store.coupon(code);
    return coupon && { coupon, item: await this.d.store.item(coupon.itemCode) };
  }

  private async usedNotice(language: 'zh-TW' | 'en', c: CouponRecord, storeCode: string, at: number) {
    const item = await this.d.store.item(c.itemCode);
    const store = (await this.d.store.storeNames(storeCode)) ?? { 'zh-TW': storeCode, en: storeCode };
    return item && couponUsedNotice(language, { item: item.names, code: c.code, store, at, timeZone: this.d.timeZone });
  }

  /** The member's notice as an outbox push (no inbound event), or nothing when they can't be reached. */
  private async notice(memberId: string, build: (language: 'zh-TW' | 'en') => Promise<Reply | null | undefined>) {
    const target = this.d.outbox && (await this.d.store.notifyTarget(memberId));
    const reply = target && (await build(target.language));
    if (!this.d.outbox || !target || !reply) return [] as Statement[];
    const item = { inboxId: null, ...target, replyToken: null, replies: [reply], retryKey: crypto.randomUUID() };
    return [this.d.outbox.enqueue(item, this.d.clock.now())];
  }
}
