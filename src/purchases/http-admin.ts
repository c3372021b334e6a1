// Admin routes of the checkout offset (area campaigns): which point types pay at the till, up to what share of a
// purchase and from how many points. The rate is the point type's money value (PUT /admin/point-types/{code}).
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, jsonAnswer, jsonBody, refusalAnswer } from '../http/admin-router.js';
import type { CheckoutService } from './checkout.js';
import { offsetSettingsSchema } from './domain/offset.js';

const answer = z.object({ checkoutOffset: offsetSettingsSchema });

export function checkoutAdminRoutes(checkout: CheckoutService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/checkout-offset',
        summary: 'The checkout offset: the point types that pay at the till and their limits',
        responses: { 200: jsonAnswer('The settings', answer) },
      }),
      'campaigns',
      async (c) => c.json({ checkoutOffset: await checkout.offsetSettings() }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/checkout-offset',
        summary:
          'Set the checkout offset: per point type, maxSharePercent of a purchase at most and minPoints at least; the rate is the point type valueMinor',
        request: { body: jsonBody(offsetSettingsSchema) },
        responses: {
          200: jsonAnswer('The settings', answer),
          400: refusalAnswer('invalid_body'),
          422: refusalAnswer('unknown_point_type (field)'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await checkout.setOffsetSettings(c.req.valid('json'));
        if (!r.ok)
          return c.json({ error: r.error.code, field: r.error.field }, r.error.code === 'invalid_offset' ? 400 : 422);
        return c.json({ checkoutOffset: r.value });
      },
    );
  };
}
