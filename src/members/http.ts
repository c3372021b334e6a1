// Admin routes of members' program settings: the welcome bonus.
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, jsonAnswer, jsonBody, refusalAnswer, refused } from '../http/admin-router.js';
import { welcomeBonusSchema } from './domain/welcome-bonus.js';
import type { WelcomeBonusService } from './welcome-bonus.js';

/** PUT /admin/welcome-bonus (campaigns). */
export function welcomeBonusAdminRoutes(welcomeBonus: WelcomeBonusService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/welcome-bonus',
        summary: 'Set the welcome bonus (null: none)',
        request: { body: jsonBody(welcomeBonusSchema.nullable()) },
        responses: {
          200: jsonAnswer('The welcome bonus', z.object({ welcomeBonus: welcomeBonusSchema.nullable() })),
          400: refusalAnswer('Invalid input or unknown point type'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await welcomeBonus.set(c.req.valid('json'));
        return r.ok ? c.json({ welcomeBonus: r.value }) : refused(c, r.error);
      },
    );
  };
}
