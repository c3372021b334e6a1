import type { Context, Hono, Next } from 'hono';
import { z } from 'zod';
import { type EngagementService, welcomeBonusSchema } from '../../app/engagement.js';
import type { Ledger } from '../../app/ledger.js';
import { catalogItemSchema } from '../../domain/engagement/catalog.js';
import { checkinSettingsSchema } from '../../domain/engagement/checkin.js';
import { giveawaySchema } from '../../domain/engagement/giveaway.js';
import { pointTypeSchema } from '../../domain/ledger/point-type.js';
import type { RouteModule } from './app.js';
import { bearerToken, secretsEqual } from './auth.js';
import { jsonBody } from './validation.js';

/**
 * Admin API for brand staff: definitions of point types, the check-in reward, giveaways, catalogue items and
 * store keys. Bearer ADMIN_TOKEN. A change never rewrites history: transfers keep the reasons they were made with.
 */
export function adminApi(o: {
  adminToken: string | undefined;
  ledger: Ledger;
  engagement: EngagementService;
}): RouteModule {
  const requireAdmin = async (c: Context, next: Next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!o.adminToken || !token || !(await secretsEqual(token, o.adminToken))) {
      return c.json({ error: 'unauthorized', message: 'admin bearer token required' }, 401);
    }
    await next();
  };
  const refused = (c: Context, e: { code: string; message: string }) =>
    c.json({ error: e.code, message: e.message }, 400);

  return (app: Hono) => {
    app.use('/admin/*', requireAdmin);

    app.get('/admin/point-types', async (c) => c.json({ pointTypes: await o.ledger.pointTypes() }));
    app.put('/admin/point-types/:code', async (c) => {
      const body = await jsonBody(c, pointTypeSchema.omit({ code: true }));
      if (!body.ok) return body.response;
      const r = await o.ledger.definePointType({ ...body.value, code: c.req.param('code') });
      return r.ok ? c.json({ pointType: r.value }) : refused(c, r.error);
    });

    app.put('/admin/checkin', async (c) => {
      const body = await jsonBody(c, checkinSettingsSchema);
      if (!body.ok) return body.response;
      const r = await o.engagement.setCheckinSettings(body.value);
      return r.ok ? c.json({ checkin: r.value }) : refused(c, r.error);
    });

    app.put('/admin/welcome-bonus', async (c) => {
      const body = await jsonBody(c, welcomeBonusSchema.nullable());
      if (!body.ok) return body.response;
      const r = await o.engagement.setWelcomeBonus(body.value);
      return r.ok ? c.json({ welcomeBonus: r.value }) : refused(c, r.error);
    });

    app.get('/admin/giveaways', async (c) => c.json({ giveaways: await o.engagement.liveGiveaways() }));
    app.put('/admin/giveaways/:code', async (c) => {
      const body = await jsonBody(c, z.object({}).passthrough());
      if (!body.ok) return body.response;
      const parsed = giveawaySchema.safeParse({ ...body.value, code: c.req.param('code') });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return c.json(
          { error: 'invalid_body', field: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' },
          400,
        );
      }
      const r = await o.engagement.defineGiveaway(parsed.data);
      return r.ok ? c.json({ giveaway: r.value }) : refused(c, r.error);
    });

    app.get('/admin/catalog', async (c) => c.json({ items: await o.engagement.activeItems() }));
    app.put('/admin/catalog/:code', async (c) => {
      const body = await jsonBody(c, catalogItemSchema.omit({ code: true }));
      if (!body.ok) return body.response;
      const r = await o.engagement.defineItem({ ...body.value, code: c.req.param('code') });
      return r.ok ? c.json({ item: r.value }) : refused(c, r.error);
    });

    app.post('/admin/stores/:code/keys', async (c) => {
      const body = await jsonBody(c, z.object({ name: z.string().min(1).max(60) }));
      if (!body.ok) return body.response;
      const code = c.req.param('code');
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) return c.json({ error: 'invalid_store_code' }, 400);
      const key = await o.engagement.createStoreKey(code, body.value.name);
      // The plain key is shown once; only its hash is stored.
      return c.json({ store: code, keyId: key.id, key: key.key }, 201);
    });

    app.post('/admin/coupons/:code/cancel', async (c) => {
      const r = await o.engagement.cancelCoupon(c.req.param('code').toUpperCase());
      if (r.ok) return c.json({ coupon: { code: r.value.code, status: r.value.status } });
      return c.json({ error: r.error.code }, r.error.code === 'coupon_not_found' ? 404 : 409);
    });
  };
}
