import type { CatalogItem } from '../coupons/domain/catalog.js';
import type { Giveaway } from '../giveaways/domain/giveaway.js';
import type { Statement } from '../kernel/database.js';

export interface GiveawayView extends Giveaway {
  readonly budgetLeft: number;
}

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

export interface DueReminder {
  readonly memberId: string;
  readonly pointType: string;
  readonly expiresAt: number;
  readonly amount: number;
  readonly language: 'zh-TW' | 'en';
  readonly channel: 'line' | 'wa_web' | 'wa_cloud' | 'simulator';
  readonly userId: string;
}

/** Storage for check-ins, giveaways, the coupon mall and stores. */
export interface EngagementStore {
  setting(key: string): Promise<unknown>;
  putSetting(key: string, value: unknown, now: number): Statement;

  lastCheckin(memberId: string): Promise<{ localDate: string; streak: number } | undefined>;
  checkinDates(memberId: string, fromDate: string): Promise<string[]>;
  insertCheckin(memberId: string, localDate: string, streak: number, now: number): Statement;

  upsertGiveaway(g: Giveaway, now: number): Statement;
  giveaway(code: string): Promise<GiveawayView | undefined>;
  /** The giveaway's budget balance as text with thousands separators ("7,350"), as a scalar SQL expression. */
  budgetLeftText(code: string, pointType: string): Statement;
  liveGiveaways(now: number): Promise<GiveawayView[]>;
  /** A claim row whose day and total slots are counted inside the statement; the trigger enforces limits. */
  insertClaim(c: {
    giveawayCode: string;
    memberId: string;
    localDate: string;
    transferKey: string;
    now: number;
  }): Statement;
  claimsToday(giveawayCode: string, memberId: string, localDate: string): Promise<number>;

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
  /** Marks an active, unexpired coupon used; RETURNING a row only when it changed it. */
  useCoupon(c: { code: string; store: string; requestKey: string; now: number }): Statement;
  cancelCoupon(code: string, now: number): Statement;

  /** Points expiring in (from, to] per member, type and instant, not yet reminded, with a reachable identity. */
  dueReminders(from: number, to: number, limit: number): Promise<DueReminder[]>;
  insertReminder(r: DueReminder, now: number): Statement;

  upsertStore(code: string, name: string, now: number): Statement;
  insertStoreKey(id: string, storeCode: string, keyHash: string, now: number): Statement;
  storeByKeyHash(hash: string): Promise<{ storeCode: string; storeName: string } | undefined>;
}
