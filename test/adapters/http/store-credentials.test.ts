// Store credentials on real SQLite through the Hono app (app.request): a store-role admin token is bound to ONE store
// at creation (the database refuses anything else) and acts only for it; store tokens issued before the binding are
// refused with 403 until re-issued (a database migrated from before, holding one); store keys are listed without
// secrets and revoked through the admin API, audited, and a revoked key answers 401 on the next request.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../../src/db/sqlite.js';
import { adminApi } from '../../../src/http/admin-api.js';
import { adminAuthenticator } from '../../../src/http/admin-router.js';
import { createHttpApp } from '../../../src/http/app.js';
import { sha256 } from '../../../src/kernel/crypto.js';
import { stmt } from '../../../src/kernel/database.js';
import { programAdminRoutes } from '../../../src/main/compose.js';
import { storeApi } from '../../../src/stores/http.js';
import { LAST_USED_GRANULARITY_MS } from '../../../src/stores/service.js';
import { type ChatHarness, chatHarness, silentLog } from '../../support/chat-harness.js';

const ADMIN = 'admin-token-0123456789';
const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

function appOf(h: ChatHarness) {
  const s = h.services;
  const authenticate = adminAuthenticator({ adminToken: ADMIN, access: s.adminAccess });
  return createHttpApp({
    log: silentLog,
    modules: [
      storeApi(s.stores, s.coupons, { authenticate, access: s.adminAccess }),
      adminApi({ adminToken: ADMIN, ledger: s.ledger, program: programAdminRoutes(s), access: s.adminAccess }),
    ],
  });
}

describe('store credentials (app.request, SQLite)', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  const call = (token: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
    app.request(path, {
      ...init,
      ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const newKey = async (store: string) => {
    const r = await call(ADMIN, `/admin/stores/${store}/keys`, { method: 'POST', json: { name: `Store ${store}` } });
    expect(r.status).toBe(201);
    return (await r.json()) as { keyId: string; key: string };
  };
  /** The store API: a coupon that does not exist answers 404 coupon_not_found once the caller is let through. */
  const redeem = (credential: string, storeCode?: string) =>
    app.request('/api/store/coupons/NOSUCH1/redeem', {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}`, ...(storeCode !== undefined && { 'x-store-code': storeCode }) },
    });

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    app = appOf(h);
  });

  it('creates a store token only for a store that exists, and no other role names a store', async () => {
    const tokenCount = async () =>
      (await h.services.db.first<{ n: number }>('SELECT COUNT(*) AS n FROM admin_tokens'))?.n;
    const create = (json: unknown) => call(ADMIN, '/admin/tokens', { method: 'POST', json });
    const unbound = await create({ name: 'till', role: 'store' });
    expect(unbound.status).toBe(400);
    expect(await unbound.json()).toMatchObject({ error: 'store_code_required' });
    const unknown = await create({ name: 'till', role: 'store', storeCode: 'S1' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'store_not_found' });
    const staff = await create({ name: 'ops', role: 'staff', storeCode: 'S1' });
    expect(staff.status).toBe(400);
    expect(await staff.json()).toMatchObject({ error: 'store_code_not_allowed' });
    expect((await create({ name: 'till', role: 'store', storeCode: 'no such!' })).status).toBe(400);
    expect(await tokenCount()).toBe(0);

    await newKey('S1');
    const made = await create({ name: 'till', role: 'store', storeCode: 'S1' });
    expect(made.status).toBe(201);
    const token = (await made.json()) as { id: string; storeCode: string; token: string };
    expect(token.storeCode).toBe('S1');
    const { tokens } = (await (await call(ADMIN, '/admin/tokens')).json()) as { tokens: unknown[] };
    expect(tokens).toEqual([expect.objectContaining({ id: token.id, role: 'store', storeCode: 'S1' })]);
    expect(await tokenCount()).toBe(1);
  });

  it('keeps the binding in the database: no store token without an existing store, and it never moves', async () => {
    const db = h.services.db;
    const insert = (role: string, store: string | null) =>
      db.batch([
        stmt(
          'INSERT INTO admin_tokens (id, name, role, token_hash, created_at, created_by, store_code) VALUES (?, ?, ?, ?, 0, ?, ?)',
          `t-${role}-${store}`,
          'x',
          role,
          `hash-${role}-${store}`,
          'test',
          store,
        ),
      ]);
    expect(await insert('store', null)).toEqual({ ok: false, error: { kind: 'refused', code: 'store_code_required' } });
    expect(await insert('store', 'S1')).toEqual({ ok: false, error: { kind: 'refused', code: 'store_not_found' } });
    expect(await insert('owner', 'S1')).toMatchObject({ ok: false, error: { code: 'store_code_not_allowed' } });
    await newKey('S1');
    await newKey('S2');
    expect((await insert('store', 'S1')).ok).toBe(true);
    expect(await db.batch([stmt("UPDATE admin_tokens SET store_code = 'S2' WHERE store_code = 'S1'")])).toEqual({
      ok: false,
      error: { kind: 'refused', code: 'admin_token_scope_fixed' },
    });
    expect(await db.batch([stmt("UPDATE admin_tokens SET role = 'owner' WHERE store_code = 'S1'")])).toMatchObject({
      ok: false,
      error: { code: 'admin_token_scope_fixed' },
    });
    // Revoking still works: only role and store are fixed.
    expect((await db.batch([stmt('UPDATE admin_tokens SET revoked_at = 1 WHERE store_code = ?', 'S1')])).ok).toBe(true);
  });

  it('lets a store token act for its own store only, and audits what it does', async () => {
    await newKey('S1');
    await newKey('S2');
    const made = await call(ADMIN, '/admin/tokens', {
      method: 'POST',
      json: { name: 'till', role: 'store', storeCode: 'S1' },
    });
    const till = (await made.json()) as { id: string; token: string };

    const own = await redeem(till.token);
    expect(own.status).toBe(404); // let through, for S1: the coupon does not exist
    expect(await own.json()).toEqual({ error: 'coupon_not_found' });
    expect((await redeem(till.token, 'S1')).status).toBe(404);
    const other = await redeem(till.token, 'S2');
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({
      error: 'store_mismatch',
      message: 'this credential acts for store S1 only (X-Store-Code names another)',
    });
    // An owner names any store; a store key, like the token, acts for its own store only.
    expect((await redeem(ADMIN, 'S2')).status).toBe(404);
    const key = await newKey('S3');
    expect((await redeem(key.key)).status).toBe(404);
    expect(await (await redeem(key.key, 'S1')).json()).toMatchObject({ error: 'store_mismatch' });

    const entries = await h.services.db.all<{ actor: string; status: number; detail: string }>(
      "SELECT actor, status, detail FROM audit_log WHERE path LIKE '/api/store/%' ORDER BY id",
    );
    expect(entries.map((e) => [e.actor, e.status, JSON.parse(e.detail).store])).toEqual([
      [till.id, 404, 'S1'],
      [till.id, 404, 'S1'],
      ['bootstrap', 404, 'S2'],
    ]);
  });

  it('lists store keys without secrets, records their last use, and a revoked key answers 401 at once', async () => {
    const k1 = await newKey('S1');
    const k2 = await newKey('S2');
    const list = async (query = '') =>
      ((await (await call(ADMIN, `/admin/store-keys${query}`)).json()) as { keys: Record<string, unknown>[] }).keys;
    const before = await list();
    expect(before).toEqual([
      {
        id: k1.keyId,
        storeCode: 'S1',
        storeName: 'Store S1',
        createdAt: h.clock.now(),
        lastUsedAt: null,
        revokedAt: null,
      },
      expect.objectContaining({ id: k2.keyId, storeCode: 'S2', lastUsedAt: null, revokedAt: null }),
    ]);
    const hashes = await h.services.db.all<{ key_hash: string }>('SELECT key_hash FROM store_keys');
    for (const secret of [k1.key, k2.key, ...hashes.map((r) => r.key_hash)])
      expect(JSON.stringify(before)).not.toContain(secret);

    expect((await redeem(k1.key)).status).toBe(404);
    const usedAt = h.clock.now();
    h.clock.advance(1000);
    await redeem(k1.key); // within the minute: not written again
    expect(await list('?store=S1')).toEqual([expect.objectContaining({ id: k1.keyId, lastUsedAt: usedAt })]);
    h.clock.advance(LAST_USED_GRANULARITY_MS);
    await redeem(k1.key);
    expect((await list('?store=S1'))[0]?.lastUsedAt).toBe(h.clock.now());

    const revoked = await call(ADMIN, `/admin/store-keys/${k1.keyId}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ key: { id: k1.keyId, storeCode: 'S1', revokedAt: h.clock.now() } });
    const refused = await redeem(k1.key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_store_key' });
    expect((await redeem(k2.key)).status).toBe(404); // the other store's key still works
    expect((await call(ADMIN, `/admin/store-keys/${k1.keyId}`, { method: 'DELETE' })).status).toBe(200);
    const unknown = await call(ADMIN, '/admin/store-keys/nope', { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'store_key_not_found' });
    expect(await list()).toEqual([
      expect.objectContaining({ id: k1.keyId, revokedAt: expect.any(Number) }),
      expect.objectContaining({ id: k2.keyId, revokedAt: null }),
    ]);

    const audit = await h.services.db.all<{ method: string; path: string; status: number; detail: string }>(
      "SELECT method, path, status, detail FROM audit_log WHERE path LIKE '/admin/store-keys%' ORDER BY id",
    );
    expect(audit.map((a) => [a.method, a.path, a.status])).toEqual([
      ['DELETE', `/admin/store-keys/${k1.keyId}`, 0],
      ['DELETE', `/admin/store-keys/${k1.keyId}`, 200],
      ['DELETE', `/admin/store-keys/${k1.keyId}`, 0],
      ['DELETE', `/admin/store-keys/${k1.keyId}`, 200],
      ['DELETE', '/admin/store-keys/nope', 0],
      ['DELETE', '/admin/store-keys/nope', 404],
    ]);
    expect(JSON.parse(audit[1]?.detail ?? '{}')).toMatchObject({ keyId: k1.keyId, store: 'S1' });
  });

  it('lets only owners list and revoke store keys, and documents both routes', async () => {
    const key = await newKey('S1');
    const made = await call(ADMIN, '/admin/tokens', { method: 'POST', json: { name: 'ops', role: 'staff' } });
    const staff = ((await made.json()) as { token: string }).token;
    expect((await call(staff, '/admin/store-keys')).status).toBe(403);
    expect((await call(staff, `/admin/store-keys/${key.keyId}`, { method: 'DELETE' })).status).toBe(403);
    expect((await redeem(key.key)).status).toBe(404);
    const doc = (await (await call(ADMIN, '/admin/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths['/admin/store-keys'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/admin/store-keys/{id}'] ?? {})).toEqual(['delete']);
    expect(doc.components.schemas).toHaveProperty('StoreKey');
    expect(JSON.stringify(doc.components.schemas.AdminToken)).toContain('storeCode');
  });
});

describe('store tokens issued before the binding (a database migrated from before it)', () => {
  let dir: string;
  let db: SqliteDatabase | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-store-scope-'));
  });
  afterEach(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates with the old rows in place, then refuses an old store token with 403 until re-issued', async () => {
    // The migrations as they were before store tokens were bound: everything before 0016_store_credentials.
    const old = join(dir, 'migrations');
    cpSync(MIGRATIONS, old, { recursive: true });
    const journalPath = join(old, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
    const cut = journal.entries.find((e) => e.tag.endsWith('_store_credentials'))?.idx ?? -1;
    expect(cut).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < cut) }));
    const path = join(dir, 'pointloop.db');
    const before = openSqlite({ path, migrationsFolder: old });
    const legacy = 'plat_LegacyStoreToken0123456789abcdefg'.slice(0, 37);
    before.raw.prepare('INSERT INTO stores (code, name, created_at) VALUES (?, ?, 0)').run('S1', 'Main St');
    before.raw
      .prepare('INSERT INTO store_keys (id, store_code, key_hash, created_at) VALUES (?, ?, ?, 0)')
      .run('k-old', 'S1', await sha256('plsk_old_key'));
    before.raw
      .prepare(
        'INSERT INTO admin_tokens (id, name, role, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, 0, ?)',
      )
      .run('t-old', 'old till', 'store', await sha256(legacy), 'bootstrap');
    before.close();

    // Today's migrations on the same file: the old rows stay, the new columns are empty.
    db = openSqlite({ path, migrationsFolder: MIGRATIONS });
    expect(db.raw.prepare('SELECT id, store_code FROM admin_tokens').all()).toEqual([
      { id: 't-old', store_code: null },
    ]);
    expect(db.raw.prepare('SELECT id, last_used_at, revoked_at FROM store_keys').all()).toEqual([
      { id: 'k-old', last_used_at: null, revoked_at: null },
    ]);
    const h = await chatHarness(db);
    const app = appOf(h);
    const storeCall = (credential: string, storeCode?: string) =>
      app.request('/api/store/coupons/NOSUCH1/redeem', {
        method: 'POST',
        headers: { authorization: `Bearer ${credential}`, ...(storeCode && { 'x-store-code': storeCode }) },
      });
    for (const named of [undefined, 'S1']) {
      const refused = await storeCall(legacy, named);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({
        error: 'store_token_unbound',
        message: 'this store token names no store: an owner must issue a new one with storeCode (POST /admin/tokens)',
      });
    }
    const doc = await app.request('/admin/openapi.json', { headers: { authorization: `Bearer ${legacy}` } });
    expect(doc.status).toBe(403);
    expect(await doc.json()).toMatchObject({ error: 'store_token_unbound' });
    // The old store key goes on working; the list shows the old token without a store, to re-issue.
    expect((await storeCall('plsk_old_key')).status).toBe(404);
    const list = await app.request('/admin/tokens', { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(await list.json()).toMatchObject({ tokens: [{ id: 't-old', role: 'store', storeCode: null }] });
    const reissued = await app.request('/admin/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'till', role: 'store', storeCode: 'S1' }),
    });
    const { token } = (await reissued.json()) as { token: string };
    expect((await storeCall(token)).status).toBe(404);
  });
});
