// Admin routes of the coupon mall: the catalogue (catalogue area) and cancelling a coupon (campaigns).
import { createRoute, z } from '@hono/zod-openapi';
import {
  type AdminRouteModule,
  codeParam,
  jsonAnswer,
  jsonBody,
  refusalAnswer,
  refused,
} from '../http/admin-router.js';
import { catalogItemSchema } from './domain/catalog.js';
import type { CouponService } from './service.js';

/** GET /admin/catalog, PUT /admin/catalog/{code} (catalogue). */
export function catalogAdminRoutes(coupons: CouponService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/catalog',
        summary: 'List active catalogue items',
        responses: { 200: jsonAnswer('Items', z.object({ items: z.array(catalogItemSchema) })) },
      }),
      'catalogue',
      async (c) => c.json({ items: await coupons.activeItems() }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/catalog/{code}',
        summary: 'Define or change a catalogue item',
        request: { params: codeParam, body: jsonBody(catalogItemSchema.omit({ code: true })) },
        responses: {
          200: jsonAnswer('The item', z.object({ item: catalogItemSchema })),
          400: refusalAnswer('Invalid input or refused item'),
        },
      }),
      'catalogue',
      async (c) => {
        const r = await coupons.defineItem({ ...c.req.valid('json'), code: c.req.valid('param').code });
        return r.ok ? c.json({ item: r.value }) : refused(c, r.error);
      },
    );
  };
}

/** POST /admin/coupons/{code}/cancel (campaigns). */
export function couponAdminRoutes(coupons: CouponService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'post',
        path: '/admin/coupons/{code}/cancel',
        summary: 'Cancel an unused coupon: stock back, points back into the lots they came from',
        request: { params: codeParam },
        responses: {
          200: jsonAnswer('Cancelled', z.object({ coupon: z.object({ code: z.string(), status: z.string() }) })),
          404: refusalAnswer('No such coupon'),
          409: refusalAnswer('Not cancellable (used, cancelled...)'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await coupons.cancelCoupon(c.req.valid('param').code.toUpperCase());
        if (r.ok) return c.json({ coupon: { code: r.value.code, status: r.value.status } });
        return c.json({ error: r.error.code }, r.error.code === 'coupon_not_found' ? 404 : 409);
      },
    );
  };
}
