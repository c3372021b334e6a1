// Admin routes of the check-in: its reward settings.
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, jsonAnswer, jsonBody, refusalAnswer, refused } from '../http/admin-router.js';
import { checkinSettingsSchema } from './domain/checkin.js';
import type { CheckinService } from './service.js';

/** PUT /admin/checkin (campaigns). */
export function checkinAdminRoutes(checkin: CheckinService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/checkin',
        summary: 'Set the daily check-in reward',
        request: { body: jsonBody(checkinSettingsSchema) },
        responses: {
          200: jsonAnswer('The settings', z.object({ checkin: checkinSettingsSchema })),
          400: refusalAnswer('Invalid input or unknown point type'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await checkin.setCheckinSettings(c.req.valid('json'));
        return r.ok ? c.json({ checkin: r.value }) : refused(c, r.error);
      },
    );
  };
}
