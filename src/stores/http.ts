import { createRoute, z } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { isUnboundStoreToken, mayAccess, STORE_CODE_PATTERN, UNBOUND_STORE_TOKEN } from '../admin/domain/roles.js';
import type { AdminAccess, AdminPrincipal } from '../admin/index.js';
import type { StoreRedeemRefusalCode } from '../coupons/domain/catalog.js';
import type { CouponService } from '../coupons/index.js';
import {
  type AdminAuthenticate,
  type AdminRouteModule,
  type AdminRouter,
  auditDetail,
  codeParam,
  jsonAnswer,
  jsonBody,
  refusalAnswer,
} from '../http/admin-router.js';
import type { RouteModule } from '../http/app.js';
import { bearerToken } from '../http/auth.js';
import { looksLikeMemberCard } from '../members/index.js';
import type { StoreKeyService } from './service.js';

export const COUPON_REDEEM_STATUS: Record<StoreRedeemRefusalCode, 403 | 404 | 409 | 410> = {
  coupon_not_found: 404,
  coupon_already_used: 409,
  coupon_cancelled: 409,
  coupon_not_redeemable: 409,
  coupon_wrong_store: 403,
  coupon_expired: 410,
};

type Caller =
  | { ok: true; storeCode: string; admin?: AdminPrincipal }
  | { ok: false; status: 400 | 401 | 403 | 404; error: string; message: string };

const refuse = (status: 400 | 401 | 403 | 404, error: string, message: string): Caller => ({
  ok: false,
  status,
  error,
  message,
});

/** A store key or a store token acts for its own store only: naming another in X-Store-Code is refused. */
const otherStore = (bound: string) =>
  refuse(403, 'store_mismatch', `this credential acts for store ${bound} only (X-Store-Code names another)`);

/**
 * Who calls the store API: a store by its key, or (with `admin`) an admin token. A `store` token acts for the one
 * store it was issued for; an owner names the store in `X-Store-Code`.
 */
function storeCaller(
  stores: StoreKeyService,
  admin: { authenticate: AdminAuthenticate; access: AdminAccess } | undefined,
): (c: Context) => Promise<Caller> {
  return async (c) => {
    const key = bearerToken(c.req.header('authorization')) ?? c.req.header('x-store-key');
    const named = c.req.header('x-store-code');
    const store = key ? await stores.storeForKey(key) : undefined;
    if (store) {
      if (named !== undefined && named !== store.storeCode) return otherStore(store.storeCode);
      return { ok: true, storeCode: store.storeCode };
    }
    const principal = key && admin ? await admin.authenticate(key) : undefined;
    if (!principal || !admin) return refuse(401, 'invalid_store_key', 'a valid store key is required');
    if (!mayAccess(principal.role, 'store_api'))
      return refuse(403, 'forbidden', `role ${principal.role} may not use the store API`);
    if (isUnboundStoreToken(principal)) return refuse(403, UNBOUND_STORE_TOKEN.error, UNBOUND_STORE_TOKEN.message);
    if (principal.storeCode !== undefined) {
      // Bound at creation to a store that existed (stores are never deleted: the token's foreign key holds it).
      if (named !== undefined && named !== principal.storeCode) return otherStore(principal.storeCode);
      return { ok: true, storeCode: principal.storeCode, admin: principal };
    }
    const storeCode = named ?? '';
    if (!STORE_CODE_PATTERN.test(storeCode))
      return refuse(400, 'store_code_required', 'name the store in X-Store-Code');
    if (!(await admin.access.storeExists(storeCode))) return refuse(404, 'store_not_found', `no store ${storeCode}`);
    return { ok: true, storeCode, admin: principal };
  };
}

/** Runs a store API handler for the calling store; 401/403/400/404 when the credential does not name one. */
export type StoreAccess = (
  c: Context,
  route: string,
  handler: (storeCode: string) => Promise<Response>,
) => Promise<Response>;

/**
 * Authenticates a store API call (a store key, or an admin token: see storeApi) and runs the handler for the store
 * it acts for; a call by an admin token is recorded in the audit log with its outcome. Other modules' store routes
 * (src/purchases) use it too.
 */
export function storeAccess(
  stores: StoreKeyService,
  admin?: { authenticate: AdminAuthenticate; access: AdminAccess },
): StoreAccess {
  const caller = storeCaller(stores, admin);
  return async (c, route, handler) => {
    const who = await caller(c);
    if (!who.ok) return c.json({ error: who.error, message: who.message }, who.status);
    const response = await handler(who.storeCode);
    if (who.admin && admin) {
      await admin.access.recordAudit({
        actor: who.admin.actor,
        role: who.admin.role,
        method: c.req.method,
        path: c.req.path,
        status: response.status,
        detail: { route, store: who.storeCode },
      });
    }
    return response;
  };
}

/**
 * The store (POS) API. A store authenticates with its key (`Authorization: Bearer plsk_...`), stored hashed.
 * With `admin`, an admin token whose role may use the store API is accepted too: a `store` token for the store it
 * was issued for, an owner for the store it names in `X-Store-Code`; each such call is recorded in the audit log.
 * A credential for one store that names another in X-Store-Code gets 403 `store_mismatch`. Bodies: at most 64 KB.
 * `Idempotency-Key` makes a retried request answer the same; without it, a retry from the same store does.
 */
export function storeApi(
  stores: StoreKeyService,
  coupons: CouponService,
  admin?: { authenticate: AdminAuthenticate; access: AdminAccess },
): RouteModule {
  const access = storeAccess(stores, admin);

  return (app: Hono) => {
    app.get('/api/store/coupons/:code', (c) =>
      access(c, '/api/store/coupons/:code', (storeCode) => lookup(c, storeCode)),
    );
    app.post('/api/store/coupons/:code/redeem', (c) =>
      access(c, '/api/store/coupons/:code/redeem', (storeCode) => redeem(c, storeCode)),
    );
  };

  /** The cashier looks a coupon up before using it; a member card scanned by mistake is named as such. */
  async function lookup(c: Context, storeCode: string): Promise<Response> {
    const raw = c.req.param('code') ?? '';
    if (looksLikeMemberCard(raw))
      return c.json({ error: 'not_a_coupon_code', message: 'that is a member card, not a coupon' }, 422);
    const code = raw.toUpperCase();
    const found = /^[A-Z0-9]{1,32}$/.test(code) ? await coupons.lookup(code) : undefined;
    if (!found) return c.json({ error: 'coupon_not_found' }, 404);
    const { coupon, item } = found;
    return c.json({
      coupon: {
        code: coupon.code,
        item: coupon.itemCode,
        name: item?.names ?? null,
        status: coupon.status,
        validUntil: coupon.validUntil,
        storeScope: coupon.storeScope,
        usableHere: coupon.storeScope === null || coupon.storeScope === storeCode,
        usedAt: coupon.usedAt,
        store: coupon.usedStore,
      },
    });
  }

  async function redeem(c: Context, storeCode: string): Promise<Response> {
    const code = c.req.param('code')?.toUpperCase() ?? '';
    if (!/^[A-Z0-9]{1,32}$/.test(code)) return c.json({ error: 'coupon_not_found' }, 404);
    const requestKey = c.req.header('idempotency-key')?.slice(0, 100) ?? `store:${storeCode}`;
    const r = await coupons.storeRedeem(storeCode, code, requestKey);
    if (!r.ok) {
      const used = r.error.coupon;
      const when = used ? { usedAt: used.usedAt, store: used.usedStore } : {};
      return c.json({ error: r.error.code, ...when }, COUPON_REDEEM_STATUS[r.error.code]);
    }
    const coupon = r.value.coupon;
    const item = await coupons.item(coupon.itemCode);
    return c.json({
      coupon: {
        code: coupon.code,
        item: coupon.itemCode,
        name: item?.names ?? null,
        status: coupon.status,
        usedAt: coupon.usedAt,
        store: coupon.usedStore,
      },
      replayed: r.value.replayed,
    });
  }
}

/**
 * Store keys through the admin API (area `stores`: owners): POST /admin/stores/{code}/keys creates a key (shown once;
 * the store is created or renamed), GET /admin/store-keys lists them without secrets, DELETE /admin/store-keys/{id}
 * revokes one. Writes are audited by the admin router.
 */
export function storeAdminRoutes(stores: StoreKeyService): AdminRouteModule {
  return (admin) => {
    createKeyRoute(admin, stores);
    listKeysRoute(admin, stores);
    revokeKeyRoute(admin, stores);
  };
}

const storeKeyView = z
  .object({
    id: z.string(),
    storeCode: z.string(),
    storeName: z.string(),
    createdAt: z.number().int().openapi({ description: 'epoch ms' }),
    lastUsedAt: z.number().int().nullable().openapi({ description: 'epoch ms, to the minute; null: not known' }),
    revokedAt: z.number().int().nullable(),
  })
  .openapi('StoreKey');

function createKeyRoute(admin: AdminRouter, stores: StoreKeyService): void {
  admin.route(
    createRoute({
      method: 'post',
      path: '/admin/stores/{code}/keys',
      summary: 'Create a store (POS) key; the key is shown once, only its hash is stored',
      request: { params: codeParam, body: jsonBody(z.object({ name: z.string().min(1).max(60) })) },
      responses: {
        201: jsonAnswer('The new key', z.object({ store: z.string(), keyId: z.string(), key: z.string() })),
        400: refusalAnswer('Invalid input or store code'),
      },
    }),
    'stores',
    async (c) => {
      const store = c.req.valid('param').code;
      if (!STORE_CODE_PATTERN.test(store)) return c.json({ error: 'invalid_store_code' }, 400);
      const key = await stores.createStoreKey(store, c.req.valid('json').name);
      auditDetail(c, { keyId: key.id });
      return c.json({ store, keyId: key.id, key: key.key }, 201);
    },
  );
}

function listKeysRoute(admin: AdminRouter, stores: StoreKeyService): void {
  admin.route(
    createRoute({
      method: 'get',
      path: '/admin/store-keys',
      summary: 'List store keys (never the key or its hash), oldest first',
      request: {
        query: z.object({
          store: z.string().regex(STORE_CODE_PATTERN).optional().openapi({ description: 'one store' }),
        }),
      },
      responses: { 200: jsonAnswer('Store keys', z.object({ keys: z.array(storeKeyView) })) },
    }),
    'stores',
    async (c) => c.json({ keys: await stores.listKeys(c.req.valid('query').store) }),
  );
}

function revokeKeyRoute(admin: AdminRouter, stores: StoreKeyService): void {
  admin.route(
    createRoute({
      method: 'delete',
      path: '/admin/store-keys/{id}',
      summary: 'Revoke a store key: from this answer on it authenticates nothing (401 invalid_store_key)',
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: {
        200: jsonAnswer('The revoked key', z.object({ key: storeKeyView })),
        404: refusalAnswer('store_key_not_found'),
      },
    }),
    'stores',
    async (c) => {
      const r = await stores.revokeKey(c.req.valid('param').id);
      if (!r.ok) return c.json({ error: r.error.code }, 404);
      auditDetail(c, { keyId: r.value.id, store: r.value.storeCode });
      return c.json({ key: r.value });
    },
  );
}
