import { createRoute, z } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { mayAccess } from '../admin/domain/roles.js';
import type { AdminAccess, AdminPrincipal } from '../admin/index.js';
import type { StoreRedeemRefusalCode } from '../coupons/domain/catalog.js';
import type { CouponService } from '../coupons/index.js';
import {
  type AdminAuthenticate,
  type AdminRouteModule,
  auditDetail,
  codeParam,
  jsonAnswer,
  jsonBody,
  refusalAnswer,
} from '../http/admin-router.js';
import type { RouteModule } from '../http/app.js';
import { bearerToken } from '../http/auth.js';
import type { StoreKeyService } from './service.js';

const STATUS: Record<StoreRedeemRefusalCode, 403 | 404 | 409 | 410> = {
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

const STORE_CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** Who calls the store API: a store by its key, or (with `admin`) an admin token naming the store. */
function storeCaller(
  stores: StoreKeyService,
  admin: { authenticate: AdminAuthenticate; access: AdminAccess } | undefined,
): (c: Context) => Promise<Caller> {
  return async (c) => {
    const key = bearerToken(c.req.header('authorization')) ?? c.req.header('x-store-key');
    const store = key ? await stores.storeForKey(key) : undefined;
    if (store) return { ok: true, storeCode: store.storeCode };
    const principal = key && admin ? await admin.authenticate(key) : undefined;
    if (!principal || !admin)
      return { ok: false, status: 401, error: 'invalid_store_key', message: 'a valid store key is required' };
    if (!mayAccess(principal.role, 'store_api'))
      return {
        ok: false,
        status: 403,
        error: 'forbidden',
        message: `role ${principal.role} may not use the store API`,
      };
    const storeCode = c.req.header('x-store-code') ?? '';
    if (!STORE_CODE.test(storeCode))
      return { ok: false, status: 400, error: 'store_code_required', message: 'name the store in X-Store-Code' };
    if (!(await admin.access.storeExists(storeCode)))
      return { ok: false, status: 404, error: 'store_not_found', message: `no store ${storeCode}` };
    return { ok: true, storeCode, admin: principal };
  };
}

/**
 * The store (POS) API. A store authenticates with its key (`Authorization: Bearer plsk_...`), stored hashed.
 * With `admin`, an admin token whose role may use the store API (store, owner) is accepted too; it names the
 * store it acts for in `X-Store-Code`, and each call it makes is recorded in the audit log.
 * `Idempotency-Key` makes a retried request answer the same; without it, a retry from the same store does.
 */
export function storeApi(
  stores: StoreKeyService,
  coupons: CouponService,
  admin?: { authenticate: AdminAuthenticate; access: AdminAccess },
): RouteModule {
  const caller = storeCaller(stores, admin);

  return (app: Hono) => {
    app.post('/api/store/coupons/:code/redeem', async (c) => {
      const who = await caller(c);
      if (!who.ok) return c.json({ error: who.error, message: who.message }, who.status);
      const response = await redeem(c, who.storeCode);
      if (who.admin && admin) {
        await admin.access.recordAudit({
          actor: who.admin.actor,
          role: who.admin.role,
          method: c.req.method,
          path: c.req.path,
          status: response.status,
          detail: { route: '/api/store/coupons/:code/redeem', store: who.storeCode },
        });
      }
      return response;
    });
  };

  async function redeem(c: Context, storeCode: string): Promise<Response> {
    const code = c.req.param('code')?.toUpperCase() ?? '';
    if (!/^[A-Z0-9]{1,32}$/.test(code)) return c.json({ error: 'coupon_not_found' }, 404);
    const requestKey = c.req.header('idempotency-key')?.slice(0, 100) ?? `store:${storeCode}`;
    const r = await coupons.storeRedeem(storeCode, code, requestKey);
    if (!r.ok) return c.json({ error: r.error.code }, STATUS[r.error.code]);
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

/** POST /admin/stores/{code}/keys (stores): a new key for the store, shown once; the store is created or renamed. */
export function storeAdminRoutes(stores: StoreKeyService): AdminRouteModule {
  return (admin) => {
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
        if (!STORE_CODE.test(store)) return c.json({ error: 'invalid_store_code' }, 400);
        const key = await stores.createStoreKey(store, c.req.valid('json').name);
        auditDetail(c, { keyId: key.id });
        return c.json({ store, keyId: key.id, key: key.key }, 201);
      },
    );
  };
}
