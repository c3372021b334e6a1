import { z } from 'zod';
import { addDays, localDate, startOfLocalDate } from '../../kernel/time.js';

export const catalogItemSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ and -, at most 32'),
  kind: z.enum(['voucher', 'donation']).default('voucher'),
  names: z.object({ 'zh-TW': z.string().min(1).max(40), en: z.string().min(1).max(40) }),
  descriptions: z
    .object({ 'zh-TW': z.string().max(200).default(''), en: z.string().max(200).default('') })
    .default({ 'zh-TW': '', en: '' }),
  imageUrl: z.string().url().nullable().default(null),
  pointType: z.string().min(1),
  cost: z.number().int().min(1).max(2_147_483_647),
  stock: z.number().int().min(0).nullable().default(null),
  perMemberLimit: z.number().int().min(1).nullable().default(null),
  limitPeriod: z.enum(['day', 'month', 'all']).default('all'),
  /** Validity of issued coupons: fixed dates, or N days from issue. */
  validity: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(3650) }),
      z.object({ kind: z.literal('fixed'), from: z.number().int().nullable().default(null), to: z.number().int() }),
    ])
    .default({ kind: 'days', days: 30 }),
  storeScope: z.string().min(1).max(32).nullable().default(null),
  activeFrom: z.number().int().nullable().default(null),
  activeTo: z.number().int().nullable().default(null),
  sortOrder: z.number().int().default(0),
});

export type CatalogItemInput = z.input<typeof catalogItemSchema>;
export type CatalogItem = z.output<typeof catalogItemSchema> & { readonly stockRemaining?: number | null };

export const REDEEM_REFUSALS = [
  'unknown_item',
  'item_not_started',
  'item_ended',
  'out_of_stock',
  'limit_reached',
  'insufficient_points',
] as const;
export type RedeemRefusalCode = (typeof REDEEM_REFUSALS)[number];

/** The bucket a per-member limit counts in. */
export function limitPeriodKey(period: 'day' | 'month' | 'all', now: number, timeZone: string): string {
  const today = localDate(now, timeZone);
  if (period === 'day') return `day:${today}`;
  if (period === 'month') return `month:${today.slice(0, 7)}`;
  return 'all';
}

/** Redemptions a member has left of an item in its limit's current period; null when the item has no limit. */
export function limitLeft(
  item: Pick<CatalogItem, 'perMemberLimit' | 'limitPeriod'>,
  redeemedInPeriod: number,
): number | null {
  return item.perMemberLimit === null ? null : Math.max(item.perMemberLimit - redeemedInPeriod, 0);
}

/** A coupon is valid until local midnight ending its last day. */
export function couponValidUntil(item: CatalogItem, now: number, timeZone: string): number | null {
  if (item.kind === 'donation') return null;
  if (item.validity.kind === 'fixed') return item.validity.to;
  return startOfLocalDate(addDays(localDate(now, timeZone), item.validity.days), timeZone);
}

/** Coupon codes members show at the till: 12 characters without look-alikes (no 0/O, 1/I/L). */
export function couponCode(random: Uint8Array): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from(random.slice(0, 12), (b) => alphabet[b % alphabet.length]).join('');
}

export const STORE_REDEEM_REFUSALS = [
  'coupon_not_found',
  'coupon_already_used',
  'coupon_expired',
  'coupon_cancelled',
  'coupon_wrong_store',
  'coupon_not_redeemable',
] as const;
export type StoreRedeemRefusalCode = (typeof STORE_REDEEM_REFUSALS)[number];
