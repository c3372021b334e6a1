import type { Channel } from '../kernel/channel.js';
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';
import type { CatalogItem, RedeemRefusalCode } from './domain/catalog.js';

export interface CouponRecord {
  readonly code: string;
  readonly itemCode: string;
  readonly memberId: string;
  readonly status: 'active' | 'used' | 'cancelled' | 'donated';
  readonly issuedAt: number;
  readonly validUntil: number | null;
  readonly storeScope: string | null;
  readonly usedAt: number | null;
  readonly usedStore: string | null;
  readonly usedRequestKey: string | null;
  readonly transferKey: string;
}

export interface NewCoupon {
  readonly code: string;
  readonly itemCode: string;
  readonly memberId: string;
  readonly transferKey: string;
  readonly limitPeriod: string;
  readonly status: 'active' | 'donated';
  readonly issuedAt: number;
  readonly validUntil: number | null;
  readonly storeScope: string | null;
}

/** Storage for the coupon mall: catalogue items (with their stock) and the coupons members hold. */
export interface CouponStore {
  upsertItem(item: CatalogItem, now: number): Statement;
  item(code: string): Promise<CatalogItem | undefined>;
  activeItems(now: number): Promise<CatalogItem[]>;
  /** Takes one from stock (no-op for unlimited items); the CHECK refuses below zero. */
  takeStock(itemCode: string): Statement;
  returnStock(itemCode: string): Statement;
  insertCoupon(c: NewCoupon): Statement;
  coupon(code: string): Promise<CouponRecord | undefined>;
  couponByTransferKey(key: string): Promise<CouponRecord | undefined>;
  memberCoupons(memberId: string, limit: number): Promise<CouponRecord[]>;
  /** The member's coupons that count toward per-member limits (not cancelled), per item, in these periods. */
  redeemedIn(memberId: string, periods: readonly string[]): Promise<{ itemCode: string; period: string; n: number }[]>;
  /** Marks an active, unexpired coupon used; RETURNING a row only when it changed it. */
  useCoupon(c: { code: string; store: string; requestKey: string; now: number }): Statement;
  cancelCoupon(code: string, now: number): Statement;
  /** Refused ('coupon_not_active') unless useCoupon with the same values just marked the coupon used. */
  usedBy(c: { code: string; store: string; requestKey: string; now: number }): Statement;
  /** The member's most recently seen reachable chat, for a transactional notice. */
  notifyTarget(memberId: string): Promise<{ channel: Channel; userId: string; language: Language } | undefined>;
  /** A store's name per language (undefined: no such store). */
  storeNames(code: string): Promise<Record<Language, string> | undefined>;

  /** What a refusal of a redemption's batch means, or undefined if none of its guards refused it. */
  classifyRedeem(e: BatchRefusal): RedeemRefusalCode | undefined;
  /** 'coupon_not_active' when a cancellation's batch was refused because the coupon can't be cancelled. */
  classifyCancel(e: BatchRefusal): 'coupon_not_active' | undefined;
  /** 'coupon_not_active' when marking a coupon used was refused by its status guard. */
  classifyUse(e: BatchRefusal): 'coupon_not_active' | undefined;
}
