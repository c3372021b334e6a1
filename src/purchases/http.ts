// The store API's purchases, refunds, checkout offset and holds (Authorization: Bearer <store key>, or an admin
// token for the store: src/stores storeAccess). Bad input is a 4xx with a stable code and writes nothing; the codes
// and their statuses are below and in the README ("Store API").
import type { Context, Hono } from 'hono';
import type { RouteModule } from '../http/app.js';
import type { Defer } from '../http/defer.js';
import { jsonBody } from '../http/validation.js';
import type { StoreAccess } from '../stores/index.js';
import type { CheckoutRefusalCode, CheckoutService } from './checkout.js';
import { captureBody, holdBody, isStoreId, purchaseBody, quoteBody, refundBody } from './domain/requests.js';
import type { RefundRefusalCode, RefundService } from './refunds.js';
import type { PurchaseRefusalCode, PurchaseService } from './service.js';

type Status = 400 | 403 | 404 | 409 | 422;
type Code = PurchaseRefusalCode | RefundRefusalCode | CheckoutRefusalCode;

export const STORE_API_STATUS: Record<Code, Status> = {
  member_not_found: 404,
  invalid_member_token: 422,
  member_token_expired: 422,
  phone_not_allowed: 403,
  invalid_phone: 422,
  items_mismatch: 422,
  at_in_future: 422,
  at_too_old: 422,
  receipt_conflict: 409,
  store_not_found: 404,
  hold_not_found: 404,
  hold_captured: 409,
  hold_voided: 409,
  hold_expired: 409,
  hold_wrong_member: 422,
  hold_conflict: 409,
  capture_exceeds_hold: 422,
  insufficient_points: 409,
  invalid_points: 400,
  invalid_expiry: 400,
  unknown_point_type: 422,
  invalid_offset: 400,
  point_type_not_issuing: 422,
  purchase_not_found: 404,
  unknown_sku: 422,
  refund_conflict: 409,
  refund_exceeds_purchase: 422,
  refund_exceeds_earned: 409,
};

export interface PurchaseApiDeps {
  readonly access: StoreAccess;
  readonly purchases: PurchaseService;
  readonly refunds: RefundService;
  readonly checkout: CheckoutService;
  /** Delivers the member's message after the answer (the outbox row is already committed). */
  readonly deliver: () => Promise<void>;
  readonly defer: Defer;
}

const refuse = (c: Context, e: { code: Code; field?: string }) =>
  c.json({ error: e.code, ...(e.field && { field: e.field }) }, STORE_API_STATUS[e.code]);

export function purchaseApi(d: PurchaseApiDeps): RouteModule {
  return (app: Hono) => {
    purchaseRoutes(app, d);
    holdRoutes(app, d);
  };
}

function purchaseRoutes(app: Hono, d: PurchaseApiDeps): void {
  app.post('/api/store/purchases', (c) =>
    d.access(c, '/api/store/purchases', async (store) => {
      const body = await jsonBody(c, purchaseBody);
      if (!body.ok) return body.response;
      const r = await d.purchases.purchase(store, body.value);
      if (!r.ok) return refuse(c, r.error);
      if (!r.value.replayed) d.defer(c, d.deliver());
      return c.json(r.value, 201);
    }),
  );
  app.get('/api/store/purchases/:receipt', (c) =>
    d.access(c, '/api/store/purchases/:receipt', async (store) => {
      const receipt = c.req.param('receipt');
      const p = isStoreId(receipt) ? await d.purchases.recorded(store, receipt) : undefined;
      if (!p) return refuse(c, { code: 'purchase_not_found', field: 'receipt' });
      const { requestHash: _hash, memberId: _member, id: _id, ...shown } = p;
      return c.json({ purchase: shown });
    }),
  );
  app.post('/api/store/purchases/:receipt/refunds', (c) =>
    d.access(c, '/api/store/purchases/:receipt/refunds', async (store) => {
      const receipt = c.req.param('receipt');
      if (!isStoreId(receipt)) return refuse(c, { code: 'purchase_not_found', field: 'receipt' });
      const body = await jsonBody(c, refundBody);
      if (!body.ok) return body.response;
      const r = await d.refunds.refund(store, receipt, body.value);
      if (!r.ok) return refuse(c, r.error);
      if (!r.value.replayed) d.defer(c, d.deliver());
      return c.json(r.value, 201);
    }),
  );
  app.post('/api/store/offset/quote', (c) =>
    d.access(c, '/api/store/offset/quote', async (store) => {
      const body = await jsonBody(c, quoteBody);
      if (!body.ok) return body.response;
      const r = await d.checkout.quote(store, body.value.member, body.value.amount);
      return r.ok ? c.json(r.value) : refuse(c, r.error);
    }),
  );
}

function holdRoutes(app: Hono, d: PurchaseApiDeps): void {
  app.post('/api/store/holds', (c) =>
    d.access(c, '/api/store/holds', async (store) => {
      const body = await jsonBody(c, holdBody);
      if (!body.ok) return body.response;
      const r = await d.checkout.place(store, body.value);
      if (!r.ok) return refuse(c, r.error);
      return c.json(r.value, 201);
    }),
  );
  app.get('/api/store/holds/:hold', (c) =>
    d.access(c, '/api/store/holds/:hold', async (store) => {
      const id = c.req.param('hold');
      const r = isStoreId(id) ? await d.checkout.hold(store, id) : undefined;
      if (!r?.ok) return refuse(c, { code: 'hold_not_found' });
      return c.json(r.value);
    }),
  );
  app.post('/api/store/holds/:hold/capture', (c) =>
    d.access(c, '/api/store/holds/:hold/capture', async (store) => {
      const id = c.req.param('hold');
      if (!isStoreId(id)) return refuse(c, { code: 'hold_not_found' });
      const body = await jsonBody(c, captureBody);
      if (!body.ok) return body.response;
      const r = await d.checkout.capture(store, id, body.value);
      return r.ok ? c.json(r.value) : refuse(c, r.error);
    }),
  );
  app.post('/api/store/holds/:hold/void', (c) =>
    d.access(c, '/api/store/holds/:hold/void', async (store) => {
      const id = c.req.param('hold');
      if (!isStoreId(id)) return refuse(c, { code: 'hold_not_found' });
      const r = await d.checkout.void(store, id);
      return r.ok ? c.json(r.value) : refuse(c, r.error);
    }),
  );
}
