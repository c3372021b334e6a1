import type { Hono } from 'hono';
import type { EngagementService } from '../../app/engagement.js';
import type { StoreRedeemRefusalCode } from '../../domain/engagement/catalog.js';
import type { RouteModule } from './app.js';
import { bearerToken } from './auth.js';

const STATUS: Record<StoreRedeemRefusalCode, 403 | 404 | 409 | 410> = {
  coupon_not_found: 404,
  coupon_already_used: 409,
  coupon_cancelled: 409,
  coupon_not_redeemable: 409,
  coupon_wrong_store: 403,
  coupon_expired: 410,
};

/**
 * The store (POS) API. A store authenticates with its key (`Authorization: Bearer plsk_...`), stored hashed.
 * `Idempotency-Key` makes a retried request answer the same; without it, a retry from the same store does.
 */
export function storeApi(engagement: EngagementService): RouteModule {
  return (app: Hono) => {
    app.post('/api/store/coupons/:code/redeem', async (c) => {
      const key = bearerToken(c.req.header('authorization')) ?? c.req.header('x-store-key');
      const store = key ? await engagement.storeForKey(key) : undefined;
      if (!store) return c.json({ error: 'invalid_store_key', message: 'a valid store key is required' }, 401);
      const code = c.req.param('code').toUpperCase();
      if (!/^[A-Z0-9]{1,32}$/.test(code)) return c.json({ error: 'coupon_not_found' }, 404);
      const requestKey = c.req.header('idempotency-key')?.slice(0, 100) ?? `store:${store.storeCode}`;
      const r = await engagement.storeRedeem(store.storeCode, code, requestKey);
      if (!r.ok) return c.json({ error: r.error.code }, STATUS[r.error.code]);
      const coupon = r.value.coupon;
      const item = await engagement.item(coupon.itemCode);
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
    });
  };
}
