// Brands, stores, earn rules and the preview on Workers + D1, through the worker's own fetch (SELF), with the demo
// programme the worker seeds (SEED_DEMO): the same guards (triggers, json_each) and the same answers as on SQLite.
import { applyD1Migrations, env, SELF } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetWorkerForTests } from '../../src/main/worker.js';
import { freshD1 } from './fresh-d1.js';

const BASE = 'https://pointloop.test';
const ADMIN = 'workers-test-admin-token-0123'; // the ADMIN_TOKEN binding of test/workers/vitest.config.ts

const call = async (method: string, path: string, body?: unknown) => {
  const r = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('earn rules on D1', () => {
  beforeEach(async () => {
    await freshD1();
    resetWorkerForTests();
  });

  it('previews the demo café: NT$320 on member day earns 6 x 3, and writes no transfer', async () => {
    expect((await call('GET', '/admin/earn-rules')).body).toMatchObject({ rules: [{ code: 'spend' }] }); // seeded
    const transfers = () => env.DB.prepare('SELECT COUNT(*) AS n FROM transfers').first();
    const before = await transfers();
    const r = await call('POST', '/admin/earn-rules/preview', {
      store: 'xinyi',
      amount: 32_000,
      at: '2026-05-05T12:00:00+08:00',
    });
    expect(r).toMatchObject({
      status: 200,
      body: {
        store: { code: 'xinyi', brand: 'cafe' },
        localDate: '2026-05-05',
        earned: [{ rule: { code: 'spend' }, base: 6, multiplier: { code: 'member-day', factor: 3 }, points: 18 }],
      },
    });
    expect(await transfers()).toEqual(before);
    expect(await call('POST', '/admin/earn-rules/preview', { store: 'nope', amount: 100 })).toEqual({
      status: 404,
      body: { error: 'store_not_found', field: 'store' },
    });
  });

  it("keeps D1's guards: a store's brand, and the brands and stores a rule names", async () => {
    const names = { 'zh-TW': '中山店', en: 'Zhongshan' };
    expect(await call('PUT', '/admin/stores/zs', { brand: 'nope', names })).toMatchObject({
      status: 422,
      body: { error: 'brand_not_found', field: 'brand' },
    });
    expect(await call('PUT', '/admin/stores/zs', { brand: 'cafe', names, opensOn: '2026-05-01' })).toMatchObject({
      status: 200,
      body: { store: { brand: 'cafe', opensOn: '2026-05-01' } },
    });
    const rule = { names, kind: 'spend', pointType: 'bonus', every: 5000, points: 2, openingDays: 7 };
    expect(await call('PUT', '/admin/earn-rules/open', { ...rule, scope: { brands: ['nope'] } })).toMatchObject({
      status: 422,
      body: { error: 'unknown_brand', field: 'scope.brands' },
    });
    expect(await call('PUT', '/admin/earn-rules/open', { ...rule, pointType: 'gold' })).toMatchObject({
      status: 422,
      body: { error: 'unknown_point_type' },
    });
    const ok = await call('PUT', '/admin/earn-rules/open', {
      ...rule,
      scope: { stores: ['zs'] },
      priority: 5,
      exclusive: true,
    });
    expect(ok.status).toBe(200);
    const opening = await call('POST', '/admin/earn-rules/preview', {
      store: 'zs',
      amount: 5000,
      at: '2026-05-03T10:00:00+08:00',
    });
    expect(opening.body).toMatchObject({ totals: [{ pointType: 'bonus', points: 2 }] });
  });

  it('migrates a D1 database that holds stores: they move to the default brand', async () => {
    // Back to the migrations before brands, with a store in place, then the rest (as `wrangler d1 migrations apply`).
    const cut = env.TEST_MIGRATIONS.findIndex((m) => m.name.endsWith('_brands_and_earn_rules.sql'));
    expect(cut).toBeGreaterThan(0);
    const objects = await env.DB.prepare(
      "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ).all<{ type: string; name: string }>();
    const drop = (type: string) =>
      objects.results.filter((o) => o.type === type).map((o) => env.DB.prepare(`DROP ${type} IF EXISTS "${o.name}"`));
    await env.DB.batch([env.DB.prepare('PRAGMA defer_foreign_keys = on'), ...drop('trigger'), ...drop('table')]);
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.slice(0, cut));
    await env.DB.prepare("INSERT INTO stores (code, name, created_at) VALUES ('S1', 'Main St', 1)").run();
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
    expect(await env.DB.prepare('SELECT code, brand_code FROM stores').all()).toMatchObject({
      results: [{ code: 'S1', brand_code: 'default' }],
    });
    expect(await env.DB.prepare("SELECT code FROM brands WHERE code = 'default'").first()).toEqual({ code: 'default' });
  });
});
