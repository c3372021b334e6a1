import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { adminAccessRoutes } from '../admin/http.js';
import type { AdminAccess } from '../admin/service.js';
import { checkinSettingsSchema } from '../checkin/domain/checkin.js';
import { catalogItemSchema } from '../coupons/domain/catalog.js';
import { type EngagementService, welcomeBonusSchema } from '../engagement/service.js';
import { giveawaySchema } from '../giveaways/domain/giveaway.js';
import { pointTypeSchema } from '../ledger/domain/point-type.js';
import type { Ledger } from '../ledger/service.js';
import {
  type AdminRouteModule,
  adminAuthenticator,
  auditDetail,
  createAdminRoutes,
  errorSchema,
} from './admin-router.js';
import type { RouteModule } from './app.js';

/**
 * Admin API for brand staff: definitions of point types, the check-in reward, giveaways, catalogue items and
 * store keys; admin tokens and the audit log. Roles, authentication, validation, the audit log and the OpenAPI
 * document (GET /admin/openapi.json) are in ./admin-router.ts; other features add their routes with `modules`.
 * A change never rewrites history: transfers keep the reasons they were made with.
 */
export function adminApi(o: {
  adminToken: string | undefined;
  ledger: Ledger;
  engagement: EngagementService;
  access: AdminAccess;
  /** More admin routes (segments, broadcasts, member tags...): see AdminRouteModule. */
  modules?: readonly AdminRouteModule[];
}): RouteModule {
  return createAdminRoutes({
    authenticate: adminAuthenticator({ adminToken: o.adminToken, access: o.access }),
    access: o.access,
    modules: [programRoutes(o.ledger, o.engagement), adminAccessRoutes(o.access), ...(o.modules ?? [])],
  });
}

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: json(schema) });
const ok = <S extends z.ZodType>(description: string, schema: S) => ({ description, content: json(schema) });
const refusal = (description: string) => ({ description, content: json(errorSchema) });
const code = z.object({ code: z.string() });

const refused = (c: Context, e: { code: string; message: string }) =>
  c.json({ error: e.code, message: e.message }, 400);

const giveawayBody = z.object(giveawaySchema.shape).omit({ code: true });
const giveawayView = z.object({ ...giveawaySchema.shape, budgetLeft: z.number().int() });

/** Point types, check-in, welcome bonus, giveaways, coupon cancellation (campaigns); catalogue; store keys. */
function programRoutes(ledger: Ledger, engagement: EngagementService): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/point-types',
        summary: 'List point types',
        responses: { 200: ok('Point types', z.object({ pointTypes: z.array(pointTypeSchema) })) },
      }),
      'campaigns',
      async (c) => c.json({ pointTypes: await ledger.pointTypes() }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/point-types/{code}',
        summary: 'Define or change a point type',
        request: { params: code, body: body(pointTypeSchema.omit({ code: true })) },
        responses: {
          200: ok('The point type', z.object({ pointType: pointTypeSchema })),
          400: refusal('Invalid input or refused change'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await ledger.definePointType({ ...c.req.valid('json'), code: c.req.valid('param').code });
        return r.ok ? c.json({ pointType: r.value }) : refused(c, r.error);
      },
    );

    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/checkin',
        summary: 'Set the daily check-in reward',
        request: { body: body(checkinSettingsSchema) },
        responses: {
          200: ok('The settings', z.object({ checkin: checkinSettingsSchema })),
          400: refusal('Invalid input or unknown point type'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await engagement.setCheckinSettings(c.req.valid('json'));
        return r.ok ? c.json({ checkin: r.value }) : refused(c, r.error);
      },
    );

    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/welcome-bonus',
        summary: 'Set the welcome bonus (null: none)',
        request: { body: body(welcomeBonusSchema.nullable()) },
        responses: {
          200: ok('The welcome bonus', z.object({ welcomeBonus: welcomeBonusSchema.nullable() })),
          400: refusal('Invalid input or unknown point type'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await engagement.setWelcomeBonus(c.req.valid('json'));
        return r.ok ? c.json({ welcomeBonus: r.value }) : refused(c, r.error);
      },
    );

    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/giveaways',
        summary: 'List live giveaways',
        responses: { 200: ok('Live giveaways', z.object({ giveaways: z.array(giveawayView) })) },
      }),
      'campaigns',
      async (c) => c.json({ giveaways: await engagement.liveGiveaways() }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/giveaways/{code}',
        summary: 'Define a giveaway (funded with its budget at creation)',
        request: { params: code, body: body(giveawayBody) },
        responses: {
          200: ok('The giveaway', z.object({ giveaway: giveawayView })),
          400: refusal('Invalid input or refused giveaway'),
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
        const r = await engagement.defineGiveaway(parsed.data);
        return r.ok ? c.json({ giveaway: r.value }) : refused(c, r.error);
      },
    );

    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/catalog',
        summary: 'List active catalogue items',
        responses: { 200: ok('Items', z.object({ items: z.array(catalogItemSchema) })) },
      }),
      'catalogue',
      async (c) => c.json({ items: await engagement.activeItems() }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/catalog/{code}',
        summary: 'Define or change a catalogue item',
        request: { params: code, body: body(catalogItemSchema.omit({ code: true })) },
        responses: {
          200: ok('The item', z.object({ item: catalogItemSchema })),
          400: refusal('Invalid input or refused item'),
        },
      }),
      'catalogue',
      async (c) => {
        const r = await engagement.defineItem({ ...c.req.valid('json'), code: c.req.valid('param').code });
        return r.ok ? c.json({ item: r.value }) : refused(c, r.error);
      },
    );

    admin.route(
      createRoute({
        method: 'post',
        path: '/admin/stores/{code}/keys',
        summary: 'Create a store (POS) key; the key is shown once, only its hash is stored',
        request: { params: code, body: body(z.object({ name: z.string().min(1).max(60) })) },
        responses: {
          201: ok('The new key', z.object({ store: z.string(), keyId: z.string(), key: z.string() })),
          400: refusal('Invalid input or store code'),
        },
      }),
      'stores',
      async (c) => {
        const store = c.req.valid('param').code;
        if (!/^[A-Za-z0-9_-]{1,32}$/.test(store)) return c.json({ error: 'invalid_store_code' }, 400);
        const key = await engagement.createStoreKey(store, c.req.valid('json').name);
        auditDetail(c, { keyId: key.id });
        return c.json({ store, keyId: key.id, key: key.key }, 201);
      },
    );

    admin.route(
      createRoute({
        method: 'post',
        path: '/admin/coupons/{code}/cancel',
        summary: 'Cancel an unused coupon: stock back, points back into the lots they came from',
        request: { params: code },
        responses: {
          200: ok('Cancelled', z.object({ coupon: z.object({ code: z.string(), status: z.string() }) })),
          404: refusal('No such coupon'),
          409: refusal('Not cancellable (used, cancelled...)'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await engagement.cancelCoupon(c.req.valid('param').code.toUpperCase());
        if (r.ok) return c.json({ coupon: { code: r.value.code, status: r.value.status } });
        return c.json({ error: r.error.code }, r.error.code === 'coupon_not_found' ? 404 : 409);
      },
    );
  };
}
