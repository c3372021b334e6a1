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
import { isoInstant, isoTime, isoTimeAnswer } from '../http/time-schema.js';
import { type CatalogItem, catalogItemSchema } from './domain/catalog.js';
import type { CouponService } from './service.js';

const validity = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(3650) }),
    z.object({ kind: z.literal('fixed'), from: isoInstant.nullable().default(null), to: isoInstant }),
  ])
  .optional();
const itemBody = catalogItemSchema.omit({ code: true }).extend({
  validity,
  activeFrom: isoInstant.nullable().optional(),
  activeTo: isoInstant.nullable().optional(),
});
const validityAnswer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('days'), days: z.number().int() }),
  z.object({ kind: z.literal('fixed'), from: isoTimeAnswer.nullable(), to: isoTimeAnswer }),
]);
const itemAnswer = catalogItemSchema.extend({
  validity: validityAnswer,
  activeFrom: isoTimeAnswer.nullable(),
  activeTo: isoTimeAnswer.nullable(),
});

/** An item as the API answers it: times in ISO 8601. */
const itemView = (i: CatalogItem) => ({
  ...i,
  validity:
    i.validity.kind === 'fixed'
      ? { kind: 'fixed' as const, from: isoTime(i.validity.from), to: isoTime(i.validity.to) }
      : i.validity,
  activeFrom: isoTime(i.activeFrom),
  activeTo: isoTime(i.activeTo),
});

/** GET /admin/catalog, PUT /admin/catalog/{code} (catalogue). */
export function catalogAdminRoutes(coupons: CouponService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/catalog',
        summary: 'List active catalogue items',
        responses: { 200: jsonAnswer('Items', z.object({ items: z.array(itemAnswer) })) },
      }),
      'catalogue',
      async (c) => c.json({ items: (await coupons.activeItems()).map(itemView) }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/catalog/{code}',
        summary: 'Define or change a catalogue item',
        request: { params: codeParam, body: jsonBody(itemBody) },
        responses: {
          200: jsonAnswer('The item', z.object({ item: itemAnswer })),
          400: refusalAnswer('Invalid input or refused item'),
        },
      }),
      'catalogue',
      async (c) => {
        const r = await coupons.defineItem({ ...c.req.valid('json'), code: c.req.valid('param').code });
        return r.ok ? c.json({ item: itemView(r.value) }) : refused(c, r.error);
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
