// Admin tokens, roles, the audit log and the OpenAPI document, through the Hono app (app.request) on real SQLite.
import { createRoute, z } from '@hono/zod-openapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/db/sqlite.js';
import { adminApi } from '../../../src/http/admin-api.js';
import { type AdminRouteModule, adminAuthenticator, auditDetail } from '../../../src/http/admin-router.js';
import { createHttpApp } from '../../../src/http/app.js';
import { sha256 } from '../../../src/kernel/crypto.js';
import { stmt } from '../../../src/kernel/database.js';
import { programAdminRoutes } from '../../../src/main/compose.js';
import { storeApi } from '../../../src/stores/http.js';
import { type ChatHarness, chatHarness, silentLog } from '../../support/chat-harness.js';

const ADMIN = 'admin-token-0123456789';

/** A module of another feature, added through the same helper (documented, role-checked, audited). */
const segmentsModule: AdminRouteModule = (admin) => {
  admin.route(
    createRoute({
      method: 'put',
      path: '/admin/segments/{code}',
      summary: 'Define a segment (test module)',
      request: {
        params: z.object({ code: z.string() }),
        body: { required: true, content: { 'application/json': { schema: z.object({ tags: z.array(z.string()) }) } } },
      },
      responses: { 200: { description: 'Saved' } },
    }),
    'segments',
    (c) => {
      auditDetail(c, { tags: c.req.valid('json').tags.length });
      return c.json({ code: c.req.valid('param').code, tags: c.req.valid('json').tags });
    },
  );
};

interface Entry {
  actor: string;
  role: string;
  method: string;
  path: string;
  status: number;
  detail: Record<string, unknown> | null;
}

describe('admin access: roles, tokens, audit log, OpenAPI (app.request, SQLite)', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  const call = (token: string | undefined, path: string, init: RequestInit & { json?: unknown } = {}) =>
    app.request(path, {
      ...init,
      ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  const create = async (role: string, by = ADMIN) => {
    // A store token is bound to one store, which must exist.
    if (role === 'store') await call(ADMIN, '/admin/stores/S1/keys', { method: 'POST', json: { name: 'Main St' } });
    const json = { name: `${role} token`, role, ...(role === 'store' && { storeCode: 'S1' }) };
    const r = await call(by, '/admin/tokens', { method: 'POST', json });
    expect(r.status).toBe(201);
    return (await r.json()) as { id: string; name: string; role: string; token: string };
  };
  const audit = async () =>
    ((await (await call(ADMIN, '/admin/audit?limit=100')).json()) as { entries: Entry[] }).entries;
  const mug = { names: { en: 'Mug', 'zh-TW': '馬克杯' }, pointType: 'bonus', cost: 300, stock: 3 };

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    const s = h.services;
    const authenticate = adminAuthenticator({ adminToken: ADMIN, access: s.adminAccess });
    app = createHttpApp({
      log: silentLog,
      modules: [
        storeApi(s.stores, s.coupons, { authenticate, access: s.adminAccess }),
        adminApi({
          adminToken: ADMIN,
          ledger: s.ledger,
          program: programAdminRoutes(s),
          access: s.adminAccess,
          modules: [segmentsModule],
        }),
      ],
    });
  });

  it('lets the owner create tokens, shown once and stored only as their SHA-256', async () => {
    const staff = await create('staff');
    expect(staff).toMatchObject({ name: 'staff token', role: 'staff' });
    expect(staff.token).toMatch(/^plat_[A-Za-z0-9_-]{32}$/);
    const rows = await h.services.db.all('SELECT * FROM admin_tokens');
    expect(rows).toEqual([expect.objectContaining({ id: staff.id, token_hash: await sha256(staff.token) })]);
    expect(JSON.stringify(rows)).not.toContain(staff.token.slice(5));
    expect(rows[0]).toMatchObject({ created_by: 'bootstrap', revoked_at: null });

    const list = await (await call(ADMIN, '/admin/tokens')).json();
    expect(list).toEqual({
      tokens: [
        {
          id: staff.id,
          name: 'staff token',
          role: 'staff',
          createdAt: h.clock.now(),
          createdBy: 'bootstrap',
          revokedAt: null,
          storeCode: null,
        },
      ],
    });
    // An owner token made by the bootstrap owner can make tokens too, and is named as their creator.
    const owner = await create('owner');
    const store = await create('store', owner.token);
    expect(await h.services.db.first('SELECT created_by FROM admin_tokens WHERE id = ?', [store.id])).toEqual({
      created_by: owner.id,
    });
  });

  it('authorises each route by role: staff runs campaigns but not tokens; store and partner get no admin route', async () => {
    const staff = await create('staff');
    expect((await call(staff.token, '/admin/catalog/mug', { method: 'PUT', json: mug })).status).toBe(200);
    expect((await call(staff.token, '/admin/catalog')).status).toBe(200);
    expect((await call(staff.token, '/admin/segments/vip', { method: 'PUT', json: { tags: ['vip'] } })).status).toBe(
      200,
    );
    const refused = await call(staff.token, '/admin/tokens', { method: 'POST', json: { name: 'x', role: 'owner' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'forbidden', message: 'role staff may not POST /admin/tokens' });
    expect((await call(staff.token, '/admin/tokens')).status).toBe(403);
    expect((await call(staff.token, '/admin/audit')).status).toBe(403);
    expect((await call(staff.token, '/admin/stores/S1/keys', { method: 'POST', json: { name: 'Main' } })).status).toBe(
      403,
    );

    for (const role of ['store', 'partner']) {
      const t = await create(role);
      expect((await call(t.token, '/admin/catalog')).status).toBe(403);
      expect((await call(t.token, '/admin/catalog/mug', { method: 'PUT', json: mug })).status).toBe(403);
      expect((await call(t.token, '/admin/point-types')).status).toBe(403);
      expect((await call(t.token, '/admin/segments/vip', { method: 'PUT', json: { tags: [] } })).status).toBe(403);
    }
  });

  it('answers 401 to a missing, wrong or revoked token, and 404 to revoking an unknown one', async () => {
    const staff = await create('staff');
    expect(await (await call(undefined, '/admin/catalog')).json()).toEqual({
      error: 'unauthorized',
      message: 'admin bearer token required',
    });
    expect((await call('plat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/admin/catalog')).status).toBe(401);
    expect((await call(`${staff.token}x`, '/admin/catalog')).status).toBe(401);
    expect((await call(ADMIN.slice(0, -1), '/admin/catalog')).status).toBe(401);

    const revoked = await call(ADMIN, `/admin/tokens/${staff.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ token: { id: staff.id, revokedAt: h.clock.now() } });
    expect((await call(staff.token, '/admin/catalog')).status).toBe(401);
    expect((await call(ADMIN, `/admin/tokens/${staff.id}`, { method: 'DELETE' })).status).toBe(200);
    const unknown = await call(ADMIN, '/admin/tokens/nope', { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'token_not_found' });
  });

  it('records every admin write, refused ones included, newest first, without secrets', async () => {
    // An allowed write has two rows: the attempt (status 0), committed before the handler runs, then the outcome.
    const staff = await create('staff');
    await call(staff.token, '/admin/catalog/mug', { method: 'PUT', json: mug });
    await call(staff.token, '/admin/tokens', { method: 'POST', json: { name: 'x', role: 'owner' } });
    await call(staff.token, '/admin/catalog/mug', { method: 'PUT', json: { ...mug, cost: -1 } });
    await call(staff.token, '/admin/catalog'); // a read: not recorded
    await call(undefined, '/admin/catalog/mug', { method: 'PUT', json: mug }); // no caller: 401, nothing to record

    const entries = await audit();
    expect(entries.map((e) => [e.actor, e.role, e.method, e.path, e.status])).toEqual([
      [staff.id, 'staff', 'PUT', '/admin/catalog/mug', 400],
      [staff.id, 'staff', 'PUT', '/admin/catalog/mug', 0],
      [staff.id, 'staff', 'POST', '/admin/tokens', 403],
      [staff.id, 'staff', 'PUT', '/admin/catalog/mug', 200],
      [staff.id, 'staff', 'PUT', '/admin/catalog/mug', 0],
      ['bootstrap', 'owner', 'POST', '/admin/tokens', 201],
      ['bootstrap', 'owner', 'POST', '/admin/tokens', 0],
    ]);
    expect(entries[3]?.detail).toEqual({ route: '/admin/catalog/:code', params: { code: 'mug' } });
    expect(entries[4]?.detail).toEqual({ route: '/admin/catalog/:code', params: { code: 'mug' }, phase: 'attempt' });
    expect(entries[5]?.detail).toEqual({ route: '/admin/tokens', tokenId: staff.id, role: 'staff' });
    expect(JSON.stringify(entries)).not.toContain(staff.token.slice(5));
    expect(((await (await call(ADMIN, '/admin/audit?limit=1')).json()) as { entries: Entry[] }).entries).toHaveLength(
      1,
    );
    const badLimit = await call(ADMIN, '/admin/audit?limit=0');
    expect(badLimit.status).toBe(400);
    expect(await badLimit.json()).toMatchObject({ error: 'invalid_query', field: 'limit' });
  });

  it('keeps the audit log append-only: the database refuses UPDATE and DELETE', async () => {
    await create('staff');
    const db = h.services.db;
    expect(await db.batch([stmt('UPDATE audit_log SET status = 200')])).toEqual({
      ok: false,
      error: { kind: 'refused', code: 'audit_append_only' },
    });
    expect(await db.batch([stmt('DELETE FROM audit_log')])).toEqual({
      ok: false,
      error: { kind: 'refused', code: 'audit_append_only' },
    });
    expect(await db.first('SELECT COUNT(*) AS n FROM audit_log')).toEqual({ n: 2 });
  });

  it('commits the attempt row before the handler runs, so a change never lacks its audit row', async () => {
    // The handler looks at the log from inside: its own attempt must already be there, committed.
    let seenByHandler: unknown;
    const probe: AdminRouteModule = (admin) => {
      admin.route(
        createRoute({
          method: 'post',
          path: '/admin/probe',
          summary: 'Probe',
          responses: { 200: { description: 'ok' } },
        }),
        'audit',
        async (c) => {
          seenByHandler = await h.services.db.first(
            "SELECT method, path, status, json_extract(detail, '$.phase') AS phase FROM audit_log ORDER BY id DESC LIMIT 1",
          );
          return c.json({ ok: true });
        },
      );
    };
    const s = h.services;
    const probeApp = createHttpApp({
      log: silentLog,
      modules: [
        adminApi({
          adminToken: ADMIN,
          ledger: s.ledger,
          program: programAdminRoutes(s),
          access: s.adminAccess,
          modules: [probe],
        }),
      ],
    });
    const r = await probeApp.request('/admin/probe', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(r.status).toBe(200);
    expect(seenByHandler).toEqual({ method: 'POST', path: '/admin/probe', status: 0, phase: 'attempt' });
  });

  it('validates bodies with a stable code and the field at fault', async () => {
    const bad = await call(ADMIN, '/admin/tokens', { method: 'POST', json: { name: 'x', role: 'king' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_body', field: 'role', message: expect.any(String) });
    const nested = await call(ADMIN, '/admin/catalog/mug', { method: 'PUT', json: { ...mug, names: { en: 'Mug' } } });
    expect(await nested.json()).toMatchObject({ error: 'invalid_body', field: 'names.zh-TW' });
    const malformed = await call(ADMIN, '/admin/tokens', { method: 'POST', body: '{nope' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed_json', message: 'body must be JSON' });
    expect(await h.services.db.first('SELECT COUNT(*) AS n FROM admin_tokens')).toEqual({ n: 0 });
  });

  it('serves an OpenAPI 3 document of every admin route to any valid token', async () => {
    expect((await call(undefined, '/admin/openapi.json')).status).toBe(401);
    const partner = await create('partner');
    const res = await call(partner.token, '/admin/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/admin/tokens',
      '/admin/tokens/{id}',
      '/admin/audit',
      '/admin/point-types/{code}',
      '/admin/checkin',
      '/admin/welcome-bonus',
      '/admin/giveaways/{code}',
      '/admin/catalog/{code}',
      '/admin/stores/{code}/keys',
      '/admin/coupons/{code}/cancel',
      '/admin/segments/{code}',
      '/admin/openapi.json',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(Object.keys(doc.paths['/admin/tokens'] ?? {}).sort()).toEqual(['get', 'post']);
    const post = doc.paths['/admin/tokens']?.post;
    expect(post?.description).toContain('Roles: owner.');
    expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403']));
    expect(doc.paths['/admin/segments/{code}']?.put?.description).toContain('Roles: owner, staff.');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    expect(doc.components.schemas).toHaveProperty('Error');
    expect(doc.components.schemas).toHaveProperty('AdminToken');
  });

  it('accepts a store-role token on the store API for the one store it is bound to, and audits it', async () => {
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree', 'claim DEMO']) await h.say('u1', text);
    await h.say('u1', { postback: 'cmd=choose&item=latte' });
    const coupon = await h.say('u1', 'yes');
    if (coupon[0]?.kind !== 'coupon') throw new Error('no coupon');
    const code = coupon[0].code;
    await call(ADMIN, '/admin/stores/S1/keys', { method: 'POST', json: { name: 'Main St' } });
    const store = await create('store');
    const staff = await create('staff');
    const redeem = (token: string, storeCode?: string) =>
      app.request(`/api/store/coupons/${code}/redeem`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(storeCode && { 'x-store-code': storeCode }) },
      });

    expect((await redeem(staff.token, 'S1')).status).toBe(403);
    // Bound to S1: another store is refused; naming none acts for S1 (an owner must name one).
    const other = await redeem(store.token, 'S9');
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: 'store_mismatch' });
    expect(await (await redeem(ADMIN)).json()).toMatchObject({ error: 'store_code_required' });
    expect((await redeem(ADMIN, 'S9')).status).toBe(404);
    const used = await redeem(store.token);
    expect(used.status).toBe(200);
    expect(await used.json()).toMatchObject({ coupon: { code, status: 'used', store: 'S1' } });
    expect((await audit())[0]).toMatchObject({
      actor: store.id,
      role: 'store',
      method: 'POST',
      path: `/api/store/coupons/${code}/redeem`,
      status: 200,
      detail: { store: 'S1' },
    });
  });
});
