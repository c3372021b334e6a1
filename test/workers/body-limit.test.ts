// Body limits on the WORKER under workerd with local D1: every route that takes a body answers 413
// `payload_too_large` past its limit (1 MB for the webhooks, 64 KB for admin and store JSON), whether the size is
// declared or the body streams without a length, and the read is abandoned at the limit: a 16 MB body generated on
// the fly is pulled only to about 1 MB, even behind a Content-Length that claims 100 bytes. Nothing is stored. The
// Node run (real sockets, RSS) is test/e2e/body-limit.test.ts.
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JSON_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from '../../src/http/body-limit.js';
import type { Database } from '../../src/kernel/database.js';
import worker, { type Env, resetWorkerForTests } from '../../src/main/worker.js';
import { freshD1 } from './fresh-d1.js';

const BASE = 'https://pointloop.test';
const MB = 1024 * 1024;
const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' };
// The WhatsApp Cloud API channel, on for this file only (the worker is composed from the env it is given).
const CLOUD = {
  WHATSAPP_CLOUD_ACCESS_TOKEN: 'EAAG-test-access-token',
  WHATSAPP_CLOUD_APP_SECRET: 'test-app-secret-0123456789',
  WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-0123',
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: '109876543210',
};

const ROUTES = [
  { method: 'POST', path: '/webhooks/line', limit: WEBHOOK_BODY_LIMIT, headers: { 'x-line-signature': 'AAAA' } },
  { method: 'POST', path: '/webhooks/whatsapp', limit: WEBHOOK_BODY_LIMIT, headers: {} },
  { method: 'POST', path: '/admin/tokens', limit: JSON_BODY_LIMIT, headers: admin },
  { method: 'PUT', path: '/admin/catalog/mug', limit: JSON_BODY_LIMIT, headers: admin },
  { method: 'POST', path: '/api/store/coupons/ABC123/redeem', limit: JSON_BODY_LIMIT, headers: {} },
] as const;

/** A body of `total` bytes made chunk by chunk as it is read, counting what was pulled. */
function generated(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(120);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
  });
  return { stream, pulled: () => pulled };
}

describe('body limits on the worker', () => {
  let db: Database;
  const workerEnv = () => ({ ...env, ...CLOUD }) as unknown as Env;
  /** The worker's own fetch (its waitUntil work awaited), on the env with the Cloud API on. */
  const call = async (request: Request) => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(request, workerEnv(), ctx);
    const text = await res.text();
    await waitOnExecutionContext(ctx);
    return { status: res.status, text };
  };
  const stored = async () => ({
    inbox: await db.first('SELECT COUNT(*) AS n FROM inbox_events'),
    contacts: await db.first('SELECT COUNT(*) AS n FROM whatsapp_cloud_contacts'),
    tokens: await db.first('SELECT COUNT(*) AS n FROM admin_tokens'),
    mug: await db.first("SELECT COUNT(*) AS n FROM catalog_items WHERE code = 'mug'"),
  });

  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });
  afterEach(() => resetWorkerForTests());

  it('answers 413 past each limit, declared or streamed, and lets a body at the limit through to its route', async () => {
    const before = await stored();
    for (const r of ROUTES) {
      const url = `${BASE}${r.path}`;
      const declared = await call(
        new Request(url, { method: r.method, headers: r.headers, body: new Uint8Array(r.limit + 1) }),
      );
      expect(declared.status, `${r.path} declared`).toBe(413);
      expect(JSON.parse(declared.text)).toEqual({
        error: 'payload_too_large',
        message: `the body may be at most ${r.limit} bytes`,
        limit: r.limit,
      });
      const body = generated(r.limit + 64 * 1024);
      const streamed = await call(new Request(url, { method: r.method, headers: r.headers, body: body.stream }));
      expect(streamed.status, `${r.path} streamed`).toBe(413);
      const at = await call(new Request(url, { method: r.method, headers: r.headers, body: new Uint8Array(r.limit) }));
      expect(at.status, `${r.path} at the limit: ${at.text.slice(0, 100)}`).toBeGreaterThanOrEqual(400);
      expect(at.status, `${r.path} at the limit`).not.toBe(413);
      expect(at.status, `${r.path} at the limit`).toBeLessThan(500);
    }
    expect(await stored()).toEqual(before);
  });

  it('pulls a 16 MB unsigned body only to the limit, even behind a Content-Length that says 100', async () => {
    const before = await stored();
    for (const path of ['/webhooks/whatsapp', '/webhooks/line', '/admin/tokens']) {
      for (const headers of [{}, { 'content-length': '100' }] as Record<string, string>[]) {
        const body = generated(16 * MB);
        const request = new Request(`${BASE}${path}`, {
          method: 'POST',
          headers: { ...admin, ...headers },
          body: body.stream,
        });
        const r = await call(request);
        expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(413);
        expect(body.pulled(), `${path}: pulled ${body.pulled()} bytes`).toBeLessThanOrEqual(
          WEBHOOK_BODY_LIMIT + 128 * 1024,
        );
      }
    }
    expect(await stored()).toEqual(before);
  });

  it('answers 413 through the runtime too (SELF), and leaves GET routes alone', async () => {
    // workerd logs "Network connection lost" for the sending side of a body the worker left unread: expected here.
    const body = generated(16 * MB);
    const streamed = await SELF.fetch(`${BASE}/webhooks/line`, { method: 'POST', body: body.stream });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: 'payload_too_large', limit: WEBHOOK_BODY_LIMIT });
    const declared = await SELF.fetch(`${BASE}/admin/tokens`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'x'.repeat(JSON_BODY_LIMIT), role: 'staff' }),
    });
    expect(declared.status).toBe(413);
    expect((await SELF.fetch(`${BASE}/health`)).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/admin/tokens`, { headers: admin })).status).toBe(200);
    const ok = await SELF.fetch(`${BASE}/admin/tokens`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'ops', role: 'staff' }),
    });
    expect(ok.status).toBe(201);
  });
});
