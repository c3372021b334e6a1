// What the store API takes, checked here (pure, zod). Amounts are integer minor units (NT$1 = 100); a receipt, a
// refund id and a hold id are 1 to 64 URL-safe characters, unique per store.
import { z } from 'zod';
import { MAX_AMOUNT } from '../../earn/domain/rule.js';
import { MAX_HOLD_SECONDS } from '../../ledger/domain/hold.js';

export const STORE_ID_PATTERN = /^[A-Za-z0-9._~:-]{1,64}$/;
const storeId = z.string().max(64, 'at most 64 characters').regex(STORE_ID_PATTERN, '1 to 64 of A-Z a-z 0-9 . _ ~ : -');

/** Who the purchase is for: a scanned member token, a member code, or a phone number (stores allowed to). */
export const memberRefSchema = z.union([
  z.strictObject({ token: z.string().min(1).max(512) }),
  z.strictObject({ memberCode: z.string().min(1).max(32) }),
  z.strictObject({ phone: z.string().min(1).max(32) }),
]);
export type MemberRefInput = z.output<typeof memberRefSchema>;

const amount = z.number().int('a whole number of minor units').min(1).max(MAX_AMOUNT);

export const itemSchema = z.strictObject({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(100).optional(),
  quantity: z.number().int().min(1).max(10_000),
  amount: z.number().int().min(0).max(MAX_AMOUNT),
  labels: z.array(z.string().min(1).max(40)).max(20).optional(),
});
export type ItemInput = z.output<typeof itemSchema>;

/** Epoch ms from 2000 to 2100, or an ISO 8601 instant with its offset ("2026-05-05T12:00:00+08:00"). */
export const instantSchema = z.union([
  z.number().int().min(946_684_800_000).max(4_102_444_800_000),
  z.iso.datetime({ offset: true }),
]);

export const holdRefSchema = z.union([
  storeId,
  z.strictObject({ id: storeId, points: z.number().int().min(1).max(2_147_483_647).optional() }),
]);

export const purchaseBody = z.strictObject({
  receipt: storeId,
  member: memberRefSchema,
  amount,
  items: z.array(itemSchema).min(1).max(200).optional(),
  at: instantSchema.optional(),
  /** A hold of this store to capture in the same batch: all of it, or `points` of it. */
  hold: holdRefSchema.optional(),
});
export type PurchaseBody = z.output<typeof purchaseBody>;

export const refundBody = z.strictObject({
  refund: storeId,
  amount,
  items: z.array(itemSchema).min(1).max(200).optional(),
});
export type RefundBody = z.output<typeof refundBody>;

export const holdBody = z.strictObject({
  hold: storeId,
  member: memberRefSchema,
  pointType: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a point type code'),
  points: z.number().int().min(1).max(2_147_483_647),
  expiresInSeconds: z.number().int().min(1).max(MAX_HOLD_SECONDS).default(MAX_HOLD_SECONDS),
});
export type HoldBody = z.output<typeof holdBody>;

export const captureBody = z.strictObject({
  points: z.number().int().min(1).max(2_147_483_647),
  receipt: storeId.optional(),
});

export const quoteBody = z.strictObject({ member: memberRefSchema, amount });

export const isStoreId = (s: string): boolean => STORE_ID_PATTERN.test(s);

/** Epoch ms of an instant as the API takes it. */
export function instantMs(at: z.output<typeof instantSchema>): number {
  return typeof at === 'number' ? at : Date.parse(at);
}

/** True when the items add up to the amount (or there are none). */
export function itemsAddUp(amountMinor: number, items: readonly { amount: number }[] | undefined): boolean {
  return items === undefined || items.reduce((sum, i) => sum + i.amount, 0) === amountMinor;
}

/** JSON with sorted keys, so two requests that mean the same hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
