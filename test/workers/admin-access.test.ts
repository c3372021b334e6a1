// Admin tokens, roles and the audit log on Workers + D1, through the worker's own fetch (SELF).
import { SELF } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/kernel/database.js';
import { stmt } from '../../src/kernel/database.js';
import { resetWorkerForTests } from '../../src/main/worker.js';
import { freshD1 } from './fresh-d1.js';

const BASE = 'https://pointloop.test';
const ADMIN = 'workers-test-admin-token-0123'; // the ADMIN_TOKEN binding of test/workers/vitest.config.ts

const call = (token: string, path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });

describe('admin access on D1', () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });

  it('creates, uses and revokes a staff token, and audits the writes', async () => {
    const created = await call(ADMIN, '/admin/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'ops', role: 'staff' }),
    });
    expect(created.status).toBe(201);
    const staff = (await created.json()) as { id: string; token: string };
    expect((await call(staff.token, '/admin/catalog')).status).toBe(200);
    expect((await call(staff.token, '/admin/tokens')).status).toBe(403);
    expect((await call(ADMIN, `/admin/tokens/${staff.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(staff.token, '/admin/catalog')).status).toBe(401);

    const { entries } = (await (await call(ADMIN, '/admin/audit')).json()) as {
      entries: { actor: string; method: string; path: string; status: number }[];
    };
    expect(entries.map((e) => [e.actor, e.method, e.path, e.status])).toEqual([
      ['bootstrap', 'DELETE', `/admin/tokens/${staff.id}`, 200],
      ['bootstrap', 'DELETE', `/admin/tokens/${staff.id}`, 0], // the attempt, committed before the handler ran
      ['bootstrap', 'POST', '/admin/tokens', 201],
      ['bootstrap', 'POST', '/admin/tokens', 0],
    ]);
    expect(await db.batch([stmt('DELETE FROM audit_log')])).toMatchObject({
      ok: false,
      error: { code: 'audit_append_only' },
    });
    const doc = (await (await call(ADMIN, '/admin/openapi.json')).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths).toHaveProperty(['/admin/tokens/{id}']);
  });
});
