// Store credentials on the WORKER with local D1, through its own fetch (SELF): a store-role token is created for one
// existing store (D1's triggers refuse anything else) and acts only for it; a store token issued before the binding
// (a D1 database migrated from before, holding one) is refused with 403; store keys are listed without secrets and
// revoked through the admin API, and a revoked key answers 401 on the very next request (no cache in the isolate).
import { applyD1Migrations, env, SELF } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/kernel/crypto.js';
import { type Database, stmt } from '../../src/kernel/database.js';
import { resetWorkerForTests } from '../../src/main/worker.js';
import { freshD1 } from './fresh-d1.js';

const BASE = 'https://pointloop.test';
const ADMIN = env.ADMIN_TOKEN;

const call = (token: string, path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
const post = (token: string, path: string, body: unknown) =>
  call(token, path, { method: 'POST', body: JSON.stringify(body) });
/** The store API on a coupon that does not exist: 404 coupon_not_found once the caller is let through. */
const redeem = (credential: string, storeCode?: string) =>
  call(credential, '/api/store/coupons/NOSUCH1/redeem', {
    method: 'POST',
    headers: storeCode === undefined ? {} : { 'x-store-code': storeCode },
  });

describe('store credentials on D1', () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });

  it('binds a store token to one existing store, and it acts for that store only', async () => {
    expect(await (await post(ADMIN, '/admin/tokens', { name: 'till', role: 'store' })).json()).toMatchObject({
      error: 'store_code_required',
    });
    const unknown = await post(ADMIN, '/admin/tokens', { name: 'till', role: 'store', storeCode: 'S1' });
    expect(unknown.status).toBe(404); // raised by D1's trigger: the store must exist when the token is written
    expect(await unknown.json()).toMatchObject({ error: 'store_not_found' });
    expect(await db.first('SELECT COUNT(*) AS n FROM admin_tokens')).toEqual({ n: 0 });
    expect(
      await db.batch([
        stmt(
          "INSERT INTO admin_tokens (id, name, role, token_hash, created_at, created_by) VALUES ('t', 'x', 'store', 'h', 0, 'test')",
        ),
      ]),
    ).toEqual({ ok: false, error: { kind: 'refused', code: 'store_code_required' } });

    for (const store of ['S1', 'S2'])
      expect((await post(ADMIN, `/admin/stores/${store}/keys`, { name: store })).status).toBe(201);
    const made = await post(ADMIN, '/admin/tokens', { name: 'till', role: 'store', storeCode: 'S1' });
    expect(made.status).toBe(201);
    const till = (await made.json()) as { id: string; token: string; storeCode: string };
    expect(till.storeCode).toBe('S1');

    expect(await (await redeem(till.token)).json()).toEqual({ error: 'coupon_not_found' });
    const other = await redeem(till.token, 'S2');
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: 'store_mismatch' });
    expect((await redeem(ADMIN, 'S2')).status).toBe(404);
    const audited = await db.all<{ actor: string; detail: string }>(
      "SELECT actor, detail FROM audit_log WHERE path LIKE '/api/store/%' ORDER BY id",
    );
    expect(audited.map((a) => [a.actor, JSON.parse(a.detail).store])).toEqual([
      [till.id, 'S1'],
      ['bootstrap', 'S2'],
    ]);
  });

  it('lists store keys without secrets and a revoked key answers 401 on the next request', async () => {
    const created = (await (await post(ADMIN, '/admin/stores/S1/keys', { name: 'Main St' })).json()) as {
      keyId: string;
      key: string;
    };
    expect((await redeem(created.key)).status).toBe(404); // works, and is recorded as used
    const listed = await call(ADMIN, '/admin/store-keys?store=S1');
    const text = await listed.text();
    expect(JSON.parse(text)).toEqual({
      keys: [
        {
          id: created.keyId,
          storeCode: 'S1',
          storeName: 'Main St',
          createdAt: expect.any(Number),
          lastUsedAt: expect.any(Number),
          revokedAt: null,
        },
      ],
    });
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(await sha256(created.key));

    // The same isolate answered with the key a moment ago: the revoke must still take effect at once.
    const revoked = await call(ADMIN, `/admin/store-keys/${created.keyId}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ key: { id: created.keyId, revokedAt: expect.any(Number) } });
    const refused = await redeem(created.key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_store_key' });
    expect((await call(ADMIN, '/admin/store-keys/nope', { method: 'DELETE' })).status).toBe(404);
    expect(
      await db.all("SELECT method, status FROM audit_log WHERE path LIKE '/admin/store-keys/%' ORDER BY id"),
    ).toEqual([
      { method: 'DELETE', status: 0 },
      { method: 'DELETE', status: 200 },
      { method: 'DELETE', status: 0 },
      { method: 'DELETE', status: 404 },
    ]);
  });

  it('refuses a store token issued before the binding with 403, on a database migrated with it in place', async () => {
    // Back to the schema before 0016_store_credentials, with an old store token in it; then today's migrations.
    await freshD1();
    const objects = await env.DB.prepare(
      "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ).all<{ type: string; name: string }>();
    await env.DB.batch([
      env.DB.prepare('PRAGMA defer_foreign_keys = on'),
      ...objects.results.filter((o) => o.type === 'trigger').map((o) => env.DB.prepare(`DROP TRIGGER "${o.name}"`)),
      ...objects.results.filter((o) => o.type === 'table').map((o) => env.DB.prepare(`DROP TABLE "${o.name}"`)),
    ]);
    const cut = env.TEST_MIGRATIONS.findIndex((m) => m.name.includes('_store_credentials'));
    expect(cut).toBeGreaterThan(0);
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.slice(0, cut));
    const legacy = `plat_${'L'.repeat(32)}`;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO stores (code, name, created_at) VALUES ('S1', 'Main St', 0)"),
      env.DB.prepare(
        "INSERT INTO admin_tokens (id, name, role, token_hash, created_at, created_by) VALUES ('t-old', 'old till', 'store', ?, 0, 'bootstrap')",
      ).bind(await sha256(legacy)),
    ]);
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
    resetWorkerForTests();

    expect(await db.first("SELECT store_code FROM admin_tokens WHERE id = 't-old'")).toEqual({ store_code: null });
    for (const named of [undefined, 'S1']) {
      const refused = await redeem(legacy, named);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: 'store_token_unbound' });
    }
    const reissued = await post(ADMIN, '/admin/tokens', { name: 'till', role: 'store', storeCode: 'S1' });
    const { token } = (await reissued.json()) as { token: string };
    expect((await redeem(token)).status).toBe(404);
  });
});
