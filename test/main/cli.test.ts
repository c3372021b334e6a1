// The command line as a child process (node --import tsx src/main/cli.ts) on a temporary SQLite file: a token it
// creates authenticates on the admin API over the same file, and stops doing so once the CLI revokes it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/db/sqlite.js';
import { adminApi } from '../../src/http/admin-api.js';
import { createHttpApp } from '../../src/http/app.js';
import { programAdminRoutes } from '../../src/main/compose.js';
import { chatHarness, silentLog } from '../support/chat-harness.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the CLI (child process, temporary SQLite file)', () => {
  let dir: string;
  let path: string;
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: path, NODE_ENV: 'test' },
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-cli-'));
    path = join(dir, 'pointloop.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a token that authenticates, lists it without its hash, and revokes it', async () => {
    const created = await run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'tokens', 'create'], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: path },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(created).toMatchObject({ code: 1, stderr: expect.stringContaining('--name') });

    const { stdout } = await cli('tokens', 'create', '--name', 'Ops laptop', '--role', 'staff');
    const token = /^token\s+(plat_\S+)$/m.exec(stdout)?.[1] ?? '';
    const id = /^id\s+(\S+)$/m.exec(stdout)?.[1] ?? '';
    expect(token).toMatch(/^plat_[A-Za-z0-9_-]{32}$/);

    let db: SqliteDatabase | undefined;
    try {
      db = openSqlite({ path });
      const s = (await chatHarness(db)).services;
      const app = createHttpApp({
        log: silentLog,
        modules: [
          adminApi({ adminToken: undefined, ledger: s.ledger, program: programAdminRoutes(s), access: s.adminAccess }),
        ],
      });
      const get = (t: string) => app.request('/admin/catalog', { headers: { authorization: `Bearer ${t}` } });
      expect(await s.adminAccess.authenticate(token)).toEqual({ actor: id, role: 'staff' });
      expect((await get(token)).status).toBe(200);
      expect(JSON.stringify(await db.all('SELECT * FROM admin_tokens'))).not.toContain(token.slice(5));

      const listed = JSON.parse((await cli('tokens', 'list', '--json')).stdout) as Record<string, unknown>[];
      expect(listed).toEqual([expect.objectContaining({ id, name: 'Ops laptop', role: 'staff', createdBy: 'cli' })]);
      expect(JSON.stringify(listed)).not.toMatch(/hash|plat_/);

      expect((await cli('tokens', 'revoke', id)).stdout).toContain(`revoked ${id}`);
      expect((await get(token)).status).toBe(401);
      const unknown = await cli('tokens', 'revoke', 'nope').catch((e: { code: number; stderr: string }) => e);
      expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('token_not_found') });

      const audit = await db.all('SELECT actor, role, method, path, status FROM audit_log ORDER BY id');
      expect(audit).toEqual([
        { actor: 'cli', role: 'owner', method: 'CLI', path: 'tokens create', status: 201 },
        { actor: 'cli', role: 'owner', method: 'CLI', path: 'tokens revoke', status: 200 },
        { actor: 'cli', role: 'owner', method: 'CLI', path: 'tokens revoke', status: 404 },
      ]);
    } finally {
      db?.close();
    }
  });

  it('binds a store token to a store, lists store keys without secrets, and revokes one at once', async () => {
    let db: SqliteDatabase | undefined;
    try {
      db = openSqlite({ path });
      const s = (await chatHarness(db)).services;
      const { id: keyId, key } = await s.stores.createStoreKey('S1', 'Main St');
      const fails = (...args: string[]) => cli(...args).catch((e: { code: number; stderr: string }) => e);

      expect(await fails('tokens', 'create', '--name', 'till', '--role', 'store')).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('store_code_required'),
      });
      expect(await fails('tokens', 'create', '--name', 'till', '--role', 'store', '--store', 'S9')).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('store_not_found'),
      });
      const made = await cli('tokens', 'create', '--name', 'till', '--role', 'store', '--store', 'S1', '--json');
      const till = JSON.parse(made.stdout) as { id: string; token: string; storeCode: string };
      expect(till.storeCode).toBe('S1');
      expect(await s.adminAccess.authenticate(till.token)).toEqual({ actor: till.id, role: 'store', storeCode: 'S1' });
      expect((await cli('tokens', 'list')).stdout).toContain('store S1');

      const listed = JSON.parse((await cli('store-keys', 'list', '--json')).stdout) as Record<string, unknown>[];
      expect(listed).toEqual([
        expect.objectContaining({
          id: keyId,
          storeCode: 'S1',
          storeName: 'Main St',
          lastUsedAt: null,
          revokedAt: null,
        }),
      ]);
      const hash = (await db.first<{ key_hash: string }>('SELECT key_hash FROM store_keys'))?.key_hash ?? '';
      const text = (await cli('store-keys', 'list', '--store', 'S1')).stdout;
      expect(text).toMatch(new RegExp(`^${keyId}\\s+S1\\s+live`, 'm'));
      for (const out of [JSON.stringify(listed), text]) {
        expect(out).not.toContain(key);
        expect(out).not.toContain(hash);
      }
      expect((await cli('store-keys', 'list', '--store', 'S2')).stdout).toContain('no store keys');

      expect(await s.stores.storeForKey(key)).toMatchObject({ storeCode: 'S1' });
      expect((await cli('store-keys', 'revoke', keyId)).stdout).toMatch(
        new RegExp(`^revoked ${keyId}\\s+S1\\s+revoked`),
      );
      expect(await s.stores.storeForKey(key)).toBeUndefined();
      expect(await fails('store-keys', 'revoke', 'nope')).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('store_key_not_found'),
      });
      const audit = await db.all(
        "SELECT path, status, detail FROM audit_log WHERE path LIKE 'store-keys%' ORDER BY id",
      );
      expect(audit).toEqual([
        { path: 'store-keys revoke', status: 200, detail: JSON.stringify({ keyId, store: 'S1' }) },
        { path: 'store-keys revoke', status: 404, detail: JSON.stringify({ keyId: 'nope' }) },
      ]);
    } finally {
      db?.close();
    }
    // Ten child processes (tsx compiles each at start): a generous bound for a busy machine.
  }, 180_000);
});
