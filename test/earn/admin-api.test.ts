// Brands, stores, earn rules, multipliers and the preview through the admin API (app.request on real SQLite, the
// demo programme seeded: brand cafe, stores xinyi and daan, NT$50 earns 1, member day on the 5th at 3x).
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { adminApi } from '../../src/http/admin-api.js';
import { createHttpApp } from '../../src/http/app.js';
import { programAdminRoutes } from '../../src/main/compose.js';
import { type ChatHarness, chatHarness, silentLog } from '../support/chat-harness.js';

const ADMIN = 'admin-token-0123456789';
const NT = (dollars: number) => dollars * 100;

describe('brands, stores and earn rules through the admin API (SQLite)', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  const call = (token: string, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const admin = (method: string, path: string, body?: unknown) => call(ADMIN, method, path, body);
  const json = async (r: Response | Promise<Response>) => (await r).json() as Promise<Record<string, unknown>>;
  const count = async (table: string) =>
    (await h.services.db.first<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? -1;

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    const s = h.services;
    app = createHttpApp({
      log: silentLog,
      modules: [
        adminApi({ adminToken: ADMIN, ledger: s.ledger, program: programAdminRoutes(s), access: s.adminAccess }),
      ],
    });
  });

  it('defines brands and stores; a store names a brand that exists, or nothing is written', async () => {
    expect(await json(admin('GET', '/admin/brands'))).toMatchObject({
      brands: [
        { code: 'cafe', names: { en: 'pointloop café' } },
        { code: 'default', names: { 'zh-TW': '預設品牌', en: 'Default brand' } },
      ],
    });
    const b = await admin('PUT', '/admin/brands/tea', { names: { 'zh-TW': '茶坊', en: 'Tea house' } });
    expect(b.status).toBe(200);
    const store = { brand: 'tea', names: { 'zh-TW': '中山店', en: 'Zhongshan' }, opensOn: '2026-05-01' };
    const s = await admin('PUT', '/admin/stores/zs', store);
    expect(await s.json()).toMatchObject({ store: { code: 'zs', brand: 'tea', opensOn: '2026-05-01' } });

    const before = await count('stores');
    const unknown = await admin('PUT', '/admin/stores/zs2', { ...store, brand: 'nope' });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toEqual({ error: 'brand_not_found', field: 'brand', message: 'no brand nope' });
    const moved = await admin('PUT', '/admin/stores/zs', { ...store, brand: 'nope' });
    expect(moved.status).toBe(422);
    expect(await count('stores')).toBe(before);
    expect(await json(admin('GET', '/admin/stores?brand=tea'))).toMatchObject({
      stores: [{ code: 'zs', brand: 'tea' }],
    });

    const bad = async (path: string, body: unknown) => json(admin('PUT', path, body));
    expect(await bad('/admin/stores/zs', { ...store, opensOn: '2026-02-30' })).toMatchObject({
      error: 'invalid_body',
      field: 'opensOn',
    });
    expect(await bad('/admin/stores/zs', { ...store, names: { en: 'x' } })).toMatchObject({ field: 'names.zh-TW' });
    expect(await bad('/admin/brands/bad%20code', { names: store.names })).toMatchObject({ error: 'invalid_params' });
    expect(await bad('/admin/brands/x', '{nope')).toMatchObject({ error: 'malformed_json' });
    // PUT replaces: an omitted opensOn is cleared.
    expect(await bad('/admin/stores/zs', { brand: 'tea', names: store.names })).toMatchObject({
      store: { opensOn: null },
    });
  });

  it('keeps stores made with a store key in the default brand, named in both languages by their one name', async () => {
    expect((await admin('POST', '/admin/stores/S9/keys', { name: 'Old store' })).status).toBe(201);
    expect(await json(admin('GET', '/admin/stores?brand=default'))).toEqual({
      stores: [
        {
          code: 'S9',
          brand: 'default',
          names: { 'zh-TW': 'Old store', en: 'Old store' },
          opensOn: null,
          createdAt: expect.any(Number),
        },
      ],
    });
    // Defining it later keeps its key working and moves it to a brand.
    expect(
      (await admin('PUT', '/admin/stores/S9', { brand: 'cafe', names: { 'zh-TW': '舊店', en: 'Old' } })).status,
    ).toBe(200);
    expect(await json(admin('GET', '/admin/store-keys?store=S9'))).toMatchObject({ keys: [{ storeName: '舊店' }] });
  });

  it('defines, lists, replaces and deletes earn rules; bad input gets 400 with the field, unknown names 422', async () => {
    const latte = {
      names: { 'zh-TW': '大杯拿鐵系列', en: 'Large lattes' },
      kind: 'product_amount',
      pointType: 'bonus',
      every: NT(100),
      points: 5,
      match: { labels: ['large-latte'] },
      scope: { brands: ['cafe'] },
    };
    const put = await admin('PUT', '/admin/earn-rules/latte', latte);
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ rule: { code: 'latte', every: 10000, exclusive: false, priority: 0 } });
    expect(await json(admin('GET', '/admin/earn-rules'))).toMatchObject({
      rules: [{ code: 'latte' }, { code: 'spend' }],
    });
    expect(await json(admin('GET', '/admin/earn-rules/latte'))).toMatchObject({ rule: { points: 5 } });

    const rulesBefore = await json(admin('GET', '/admin/earn-rules'));
    const refusal = async (body: unknown) => json(admin('PUT', '/admin/earn-rules/latte', body));
    expect(await refusal({ ...latte, every: 0 })).toMatchObject({ error: 'invalid_body', field: 'every' });
    expect(await refusal({ ...latte, points: 1.5 })).toMatchObject({ error: 'invalid_body', field: 'points' });
    expect(await refusal({ ...latte, match: null })).toMatchObject({ error: 'invalid_body', field: 'match' });
    expect(await refusal({ ...latte, kind: 'lottery' })).toMatchObject({ error: 'invalid_body', field: 'kind' });
    expect(await refusal({ ...latte, validFrom: '2026-06-02', validTo: '2026-06-01' })).toMatchObject({
      field: 'validTo',
    });
    expect(await refusal({ ...latte, scope: { tiers: ['gold'] } })).toMatchObject({ field: 'scope' });
    expect(await refusal({ ...latte, pointType: 'gold' })).toMatchObject({
      error: 'unknown_point_type',
      field: 'pointType',
    });
    expect(await refusal({ ...latte, scope: { brands: ['nope'] } })).toMatchObject({
      error: 'unknown_brand',
      field: 'scope.brands',
    });
    expect(await refusal({ ...latte, scope: { stores: ['nope'] } })).toMatchObject({
      error: 'unknown_store',
      field: 'scope.stores',
    });
    expect(await json(admin('GET', '/admin/earn-rules'))).toEqual(rulesBefore);

    expect(await json(admin('DELETE', '/admin/earn-rules/latte'))).toEqual({ deleted: 'latte' });
    expect((await admin('DELETE', '/admin/earn-rules/latte')).status).toBe(404);
    expect(await json(admin('GET', '/admin/earn-rules/latte'))).toEqual({ error: 'rule_not_found' });
  });

  it('defines multipliers; staff may run earn rules but not define stores; every write is audited', async () => {
    const tuesday = { names: { 'zh-TW': '週二', en: 'Tuesdays' }, factor: 2, weekdays: ['tue'] };
    expect(await json(admin('PUT', '/admin/earn-multipliers/tuesday', tuesday))).toMatchObject({
      multiplier: { code: 'tuesday', factor: 2, monthDays: [], kinds: ['spend', 'product_amount', 'product_quantity'] },
    });
    expect(await json(admin('PUT', '/admin/earn-multipliers/x', { ...tuesday, factor: 0.5 }))).toMatchObject({
      field: 'factor',
    });
    expect(await json(admin('PUT', '/admin/earn-multipliers/x', { ...tuesday, weekdays: [] }))).toMatchObject({
      field: 'monthDays',
    });
    expect(await json(admin('GET', '/admin/earn-multipliers'))).toMatchObject({
      multipliers: [{ code: 'member-day', factor: 3 }, { code: 'tuesday' }],
    });
    expect(await json(admin('DELETE', '/admin/earn-multipliers/tuesday'))).toEqual({ deleted: 'tuesday' });

    const staff = (await json(admin('POST', '/admin/tokens', { name: 'ops', role: 'staff' }))).token as string;
    expect((await call(staff, 'GET', '/admin/earn-rules')).status).toBe(200);
    expect((await call(staff, 'PUT', '/admin/stores/xinyi', { brand: 'cafe', names: tuesday.names })).status).toBe(403);
    const audit = await h.services.db.all<{ path: string; status: number }>(
      "SELECT path, status FROM audit_log WHERE path LIKE '/admin/earn-%' OR path LIKE '/admin/stores/%' ORDER BY id",
    );
    expect(audit).toContainEqual({ path: '/admin/earn-multipliers/tuesday', status: 200 });
    expect(audit).toContainEqual({ path: '/admin/earn-multipliers/x', status: 400 });
    expect(audit).toContainEqual({ path: '/admin/stores/xinyi', status: 403 });

    const doc = (await json(admin('GET', '/admin/openapi.json'))) as { paths: Record<string, object> };
    for (const path of [
      '/admin/brands',
      '/admin/brands/{code}',
      '/admin/stores',
      '/admin/stores/{code}',
      '/admin/earn-rules',
      '/admin/earn-rules/{code}',
      '/admin/earn-rules/preview',
      '/admin/earn-multipliers',
      '/admin/earn-multipliers/{code}',
    ])
      expect(doc.paths, path).toHaveProperty([path]);
  });
});
