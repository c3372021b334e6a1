// The store API routes of src/purchases/http.ts in the store OpenAPI document (src/http/store-openapi.ts): their
// bodies (the same zod schemas the handlers check), their answers, and every refusal code each can give (the lists
// below are checked against the use cases' refusal types: leaving a code out fails tsc).
import { z } from '@hono/zod-openapi';
import { allCodes, type StoreRouteDoc, statusesOf } from '../http/store-openapi.js';
import { HOLD_REFUSALS } from '../ledger/index.js';
import type { CheckoutRefusalCode } from './checkout.js';
import { captureBody, holdBody, purchaseBody, quoteBody, refundBody } from './domain/requests.js';
import { STORE_API_STATUS } from './http.js';
import type { MemberRefusalCode } from './members.js';
import type { RefundRefusalCode } from './refunds.js';
import type { PurchaseRefusalCode } from './service.js';

const MEMBER_CODES = allCodes<MemberRefusalCode>()([
  'member_not_found',
  'invalid_member_token',
  'member_token_expired',
  'phone_not_allowed',
  'invalid_phone',
]);
const PURCHASE_CODES = allCodes<PurchaseRefusalCode>()([
  ...MEMBER_CODES,
  'items_mismatch',
  'at_in_future',
  'at_too_old',
  'receipt_conflict',
  'store_not_found',
  'hold_not_found',
  'hold_captured',
  'hold_voided',
  'hold_expired',
  'hold_wrong_member',
  'capture_exceeds_hold',
  'insufficient_points',
  'point_type_not_issuing',
]);
const REFUND_CODES = allCodes<RefundRefusalCode>()([
  'purchase_not_found',
  'items_mismatch',
  'unknown_sku',
  'refund_conflict',
  'refund_exceeds_purchase',
  'refund_exceeds_earned',
]);
/** Placing a hold: CheckoutService.place (all of CheckoutRefusalCode but invalid_offset, the settings' own). */
const PLACE_CODES = allCodes<Exclude<CheckoutRefusalCode, 'invalid_offset'>>()([
  ...MEMBER_CODES,
  ...HOLD_REFUSALS,
  'unknown_point_type',
]);

const refusals = (codes: readonly (PurchaseRefusalCode | RefundRefusalCode | CheckoutRefusalCode)[]) =>
  statusesOf(STORE_API_STATUS, codes);

const names = z.object({ 'zh-TW': z.string(), en: z.string() });
const balance = z
  .object({
    pointType: z.string(),
    balance: z.number().int().openapi({ description: 'points in the wallet' }),
    available: z.number().int().openapi({ description: 'what can be spent now: live lots less what holds reserve' }),
    held: z.number().int().openapi({ description: 'what live holds reserve' }),
  })
  .openapi('Balance');
const balances = z.array(balance);
const member = z.object({ code: z.string().openapi({ description: 'the member code (never a name or phone)' }) });
const earned = z
  .object({
    pointType: z.string(),
    points: z.number().int(),
    base: z.number().int().openapi({ description: 'points before the multiplier' }),
    rule: z.object({ code: z.string(), names }),
    multiplier: z.object({ code: z.string(), names, factor: z.number() }).nullable(),
  })
  .openapi('EarnedLine');
const offset = z
  .object({ hold: z.string(), pointType: z.string(), points: z.number().int(), valueMinor: z.number().int() })
  .nullable()
  .openapi({ description: 'the hold captured with the purchase, if any' });
const purchaseAnswer = z
  .object({
    purchase: z.object({
      receipt: z.string(),
      store: z.string(),
      amount: z.number().int(),
      refundedAmount: z.number().int(),
      at: z.number().int().openapi({ description: 'epoch ms' }),
    }),
    member,
    earned: z.array(earned),
    offset,
    balances,
    replayed: z.boolean(),
  })
  .openapi('PurchaseAnswer');
const purchaseRecord = z.object({
  purchase: z.object({
    storeCode: z.string(),
    receipt: z.string(),
    memberCode: z.string(),
    amount: z.number().int(),
    refundedAmount: z.number().int(),
    at: z.number().int(),
    createdAt: z.number().int(),
    detail: z.object({ items: z.array(z.unknown()).nullable(), earned: z.array(earned), offset }),
  }),
});
const refundAnswer = z
  .object({
    refund: z.object({ id: z.string(), receipt: z.string(), store: z.string(), amount: z.number().int() }),
    purchase: z.object({ amount: z.number().int(), refundedAmount: z.number().int() }),
    reversed: z.array(
      z.object({
        pointType: z.string(),
        due: z.number().int().openapi({ description: 'what the refund takes back of what the purchase earned' }),
        taken: z.number().int().openapi({ description: 'what the wallet could give' }),
        shortfall: z.number().int().openapi({ description: 'due - taken: already spent by the member' }),
      }),
    ),
    shortfall: z.number().int(),
    balances,
    replayed: z.boolean(),
  })
  .openapi('RefundAnswer');
const option = z
  .object({
    pointType: z.string(),
    points: z.number().int(),
    valueMinor: z.number().int(),
    step: z.number().int(),
    pointValueMinor: z.number().int(),
    limitedBy: z.enum(['available', 'share', 'minimum']).nullable(),
  })
  .openapi('OffsetOption');
const quoteAnswer = z.object({ member, amount: z.number().int(), best: option.nullable(), options: z.array(option) });
const holdAnswer = z
  .object({
    hold: z.object({
      id: z.string(),
      member: member.nullable(),
      pointType: z.string(),
      points: z.number().int(),
      status: z.enum(['pending', 'captured', 'voided', 'expired']),
      captured: z.number().int(),
      createdAt: z.number().int(),
      expiresAt: z.number().int(),
      settledAt: z.number().int().nullable(),
    }),
    balances,
    replayed: z.boolean(),
  })
  .openapi('HoldAnswer');

const receiptParam = z.object({ receipt: z.string().openapi({ description: '1 to 64 of A-Z a-z 0-9 . _ ~ : -' }) });
const holdParam = z.object({ hold: z.string().openapi({ description: '1 to 64 of A-Z a-z 0-9 . _ ~ : -' }) });

export const purchaseRouteDocs: readonly StoreRouteDoc[] = [
  {
    method: 'post',
    path: '/api/store/purchases',
    summary: 'Record a purchase: earn by the earn rules, optionally capturing a hold in the same batch',
    description: 'Idempotent by (store, receipt): a replay answers the same with `replayed: true`.',
    body: purchaseBody,
    answer: { status: 201, description: 'The purchase, what it earned and the balances', schema: purchaseAnswer },
    refusals: refusals(PURCHASE_CODES),
  },
  {
    method: 'get',
    path: '/api/store/purchases/{receipt}',
    summary: 'Read a purchase of this store back',
    params: receiptParam,
    answer: { status: 200, description: 'The purchase as recorded', schema: purchaseRecord },
    refusals: refusals(['purchase_not_found']),
  },
  {
    method: 'post',
    path: '/api/store/purchases/{receipt}/refunds',
    summary: 'Refund part or all of a purchase: its points are taken back in proportion',
    description: 'Idempotent by refund id. What the wallet could not give is the `shortfall`.',
    params: receiptParam,
    body: refundBody,
    answer: { status: 201, description: 'The refund and what it took back', schema: refundAnswer },
    refusals: refusals(REFUND_CODES),
  },
  {
    method: 'post',
    path: '/api/store/offset/quote',
    summary: "What the member's points can pay of an amount, per point type; writes nothing",
    body: quoteBody,
    answer: { status: 200, description: 'The best option and every option', schema: quoteAnswer },
    refusals: refusals(MEMBER_CODES),
  },
  {
    method: 'post',
    path: '/api/store/holds',
    summary: 'Reserve points for a checkout (at most 900 seconds); idempotent by (store, hold id)',
    body: holdBody,
    answer: { status: 201, description: 'The hold and the balances', schema: holdAnswer },
    refusals: refusals(PLACE_CODES),
  },
  {
    method: 'get',
    path: '/api/store/holds/{hold}',
    summary: 'A hold of this store as it stands now',
    params: holdParam,
    answer: { status: 200, description: 'The hold and the balances', schema: holdAnswer },
    refusals: refusals(['hold_not_found']),
  },
  {
    method: 'post',
    path: '/api/store/holds/{hold}/capture',
    summary: 'Spend up to the points held (earliest-expiring lots first) and release the rest',
    params: holdParam,
    body: captureBody,
    answer: { status: 200, description: 'The captured hold and the balances', schema: holdAnswer },
    refusals: refusals(HOLD_REFUSALS),
  },
  {
    method: 'post',
    path: '/api/store/holds/{hold}/void',
    summary: 'Release every point held',
    params: holdParam,
    answer: { status: 200, description: 'The voided hold and the balances', schema: holdAnswer },
    refusals: refusals(HOLD_REFUSALS),
  },
];
