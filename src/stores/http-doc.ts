// The coupon routes of the store API (src/stores/http.ts) in the store OpenAPI document (src/http/store-openapi.ts).
import { z } from '@hono/zod-openapi';
import type { StoreRedeemRefusalCode } from '../coupons/domain/catalog.js';
import { allCodes, type StoreRouteDoc, statusesOf } from '../http/store-openapi.js';
import { COUPON_REDEEM_STATUS } from './http.js';

const REDEEM_CODES = allCodes<StoreRedeemRefusalCode>()([
  'coupon_not_found',
  'coupon_already_used',
  'coupon_cancelled',
  'coupon_not_redeemable',
  'coupon_wrong_store',
  'coupon_expired',
]);

const names = z.object({ 'zh-TW': z.string(), en: z.string() }).nullable();
const status = z.enum(['active', 'used', 'cancelled', 'donated', 'expired']);
const codeParam = z.object({ code: z.string().openapi({ description: 'the coupon code (case does not matter)' }) });

const lookupAnswer = z.object({
  coupon: z.object({
    code: z.string(),
    item: z.string(),
    name: names,
    status,
    validUntil: z.number().int().nullable().openapi({ description: 'epoch ms' }),
    storeScope: z.string().nullable().openapi({ description: 'the one store it may be used at; null: any' }),
    usableHere: z.boolean(),
    usedAt: z.number().int().nullable(),
    store: z.string().nullable().openapi({ description: 'where it was used' }),
  }),
});
const redeemAnswer = z.object({
  coupon: z.object({
    code: z.string(),
    item: z.string(),
    name: names,
    status,
    usedAt: z.number().int().nullable(),
    store: z.string().nullable(),
  }),
  replayed: z.boolean(),
});

export const couponRouteDocs: readonly StoreRouteDoc[] = [
  {
    method: 'get',
    path: '/api/store/coupons/{code}',
    summary: 'Look a coupon up before using it; writes nothing',
    description: 'A member card scanned by mistake (its token, digits or member code) answers 422 `not_a_coupon_code`.',
    params: codeParam,
    answer: { status: 200, description: 'The coupon', schema: lookupAnswer },
    refusals: { coupon_not_found: 404, not_a_coupon_code: 422 },
  },
  {
    method: 'post',
    path: '/api/store/coupons/{code}/redeem',
    summary: 'Mark a coupon used at this store, once; a replay (same Idempotency-Key or store) answers the same',
    description: 'A 409 `coupon_already_used` says when (`usedAt`, epoch ms) and where (`store`).',
    params: codeParam,
    answer: { status: 200, description: 'The used coupon', schema: redeemAnswer },
    refusals: statusesOf(COUPON_REDEEM_STATUS, REDEEM_CODES),
  },
];
