// Admin routes of giveaways: list the live ones, define one (funded with its budget at creation).
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
import { giveawaySchema } from './domain/giveaway.js';
import type { GiveawayService } from './service.js';
import type { GiveawayView } from './store.js';

const giveawayBody = z
  .object(giveawaySchema.shape)
  .omit({ code: true })
  .extend({ startsAt: isoInstant, endsAt: isoInstant });
const giveawayView = z.object({
  ...giveawaySchema.shape,
  startsAt: isoTimeAnswer,
  endsAt: isoTimeAnswer,
  budgetLeft: z.number().int(),
});

/** A giveaway as the API answers it: times in ISO 8601. */
const view = (g: GiveawayView) => ({ ...g, startsAt: isoTime(g.startsAt), endsAt: isoTime(g.endsAt) });

/** GET /admin/giveaways, PUT /admin/giveaways/{code} (campaigns). */
export function giveawayAdminRoutes(giveaways: GiveawayService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/giveaways',
        summary: 'List live giveaways',
        responses: { 200: jsonAnswer('Live giveaways', z.object({ giveaways: z.array(giveawayView) })) },
      }),
      'campaigns',
      async (c) => c.json({ giveaways: (await giveaways.liveGiveaways()).map(view) }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/giveaways/{code}',
        summary: 'Define a giveaway (funded with its budget at creation)',
        request: { params: codeParam, body: jsonBody(giveawayBody) },
        responses: {
          200: jsonAnswer('The giveaway', z.object({ giveaway: giveawayView })),
          400: refusalAnswer('Invalid input or refused giveaway'),
        },
      }),
      'campaigns',
      async (c) => {
        // The body schema checks each field; the whole schema (code, window, budget vs claim) is checked here.
        const parsed = giveawaySchema.safeParse({ ...c.req.valid('json'), code: c.req.valid('param').code });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return c.json(
            { error: 'invalid_body', field: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' },
            400,
          );
        }
        const r = await giveaways.defineGiveaway(parsed.data);
        return r.ok ? c.json({ giveaway: view(r.value) }) : refused(c, r.error);
      },
    );
  };
}
