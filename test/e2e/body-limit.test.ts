// Body limits on the real Node server (@hono/node-server, real sockets): every route that takes a body answers 413
// `payload_too_large` past its limit (1 MB for the webhooks and the simulator, 64 KB for admin and store JSON), with
// a declared Content-Length and with a chunked body, stores nothing, and the server's memory stays flat while a
// client streams 32 MB at it (chunked, or behind a lying Content-Length): the body is read as a stream and the read
// is abandoned at the limit. GET routes are unaffected. The Workers run is test/workers/body-limit.test.ts.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/db/sqlite.js';
import { JSON_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from '../../src/http/body-limit.js';
import { type RunningServer, startNodeServer } from '../../src/main/node.js';
import { type FakeGraph, startFakeGraph } from '../fakes/fake-graph-server.js';
import { type FakeLine, startFakeLine } from '../fakes/fake-line-server.js';
import { LINE_ACCESS_TOKEN, LINE_SECRET } from '../fakes/line-webhook.js';
import { MB, peakRssGrowth, postChunked, postRaw } from '../support/big-body.js';
import { baseEnv, CLOUD, type Temp, tempDb } from './whatsapp-support.js';

const ADMIN = 'admin-token-0123456789';
const BIG = 32 * MB;
const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

/** Every route that takes a body, with its limit and the headers that get it past authentication. */
const ROUTES = [
  { method: 'POST', path: '/webhooks/line', limit: WEBHOOK_BODY_LIMIT, headers: { 'x-line-signature': 'AAAA' } },
  { method: 'POST', path: '/webhooks/whatsapp', limit: WEBHOOK_BODY_LIMIT, headers: {} },
  { method: 'POST', path: '/simulator/api/events', limit: WEBHOOK_BODY_LIMIT, headers: {} },
  { method: 'POST', path: '/admin/tokens', limit: JSON_BODY_LIMIT, headers: auth },
  { method: 'PUT', path: '/admin/catalog/mug', limit: JSON_BODY_LIMIT, headers: auth },
  { method: 'POST', path: '/admin/broadcasts', limit: JSON_BODY_LIMIT, headers: auth },
  { method: 'POST', path: '/api/store/coupons/ABC123/redeem', limit: JSON_BODY_LIMIT, headers: {} },
] as const;

describe('body limits on the Node server', () => {
  let temp: Temp;
  let line: FakeLine;
  let graph: FakeGraph;
  let server: RunningServer;
  let db: SqliteDatabase;
  const count = async (table: string) => (await db.first<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? -1;
  /** What a refused body must leave untouched: no inbox event, contact, token or catalogue item. */
  const stored = async () => ({
    inbox: await count('inbox_events'),
    contacts: await count('whatsapp_cloud_contacts'),
    tokens: await count('admin_tokens'),
    catalog: (await db.first<{ n: number }>("SELECT COUNT(*) AS n FROM catalog_items WHERE code = 'mug'"))?.n,
  });

  beforeAll(async () => {
    temp = tempDb();
    line = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN });
    graph = await startFakeGraph();
    server = await startNodeServer({
      ...baseEnv(temp.dbPath),
      SIMULATOR: 'true',
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_ACCESS_TOKEN,
      LINE_API_BASE_URL: line.url,
      WHATSAPP_CLOUD_ACCESS_TOKEN: CLOUD.accessToken,
      WHATSAPP_CLOUD_APP_SECRET: CLOUD.appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: CLOUD.verifyToken,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: CLOUD.phoneNumberId,
      WHATSAPP_GRAPH_BASE_URL: graph.url,
    });
    db = openSqlite({ path: temp.dbPath });
  });
  afterAll(async () => {
    db?.close();
    await server?.close();
    await line?.close();
    await graph?.close();
    temp?.cleanup();
  });

  it('answers 413 one byte past each route limit, declared or chunked, and reads a body at the limit', async () => {
    const before = await stored();
    for (const r of ROUTES) {
      const url = `${server.url}${r.path}`;
      // A client that reads an early answer (fetch may fail on the connection the server closes under the rest).
      const declared = await postRaw(url, { ...r, contentLength: r.limit + 1, total: r.limit + 1 });
      expect(declared.status, `${r.path} declared`).toBe(413);
      expect(JSON.parse(declared.body)).toEqual({
        error: 'payload_too_large',
        message: `the body may be at most ${r.limit} bytes`,
        limit: r.limit,
      });
      const chunked = await postChunked(url, r.limit + 64 * 1024, r.headers, r.method);
      expect(chunked.status, `${r.path} chunked`).toBe(413);
      expect(JSON.parse(chunked.body)).toMatchObject({ error: 'payload_too_large', limit: r.limit });
      // At the limit the body is read and judged by the route (bad signature, bad JSON, ...), never 413 or 500.
      const at = await fetch(url, { method: r.method, headers: r.headers, body: new Uint8Array(r.limit) });
      expect(at.status, `${r.path} at the limit`).toBeGreaterThanOrEqual(400);
      expect(at.status, `${r.path} at the limit`).not.toBe(413);
      expect(at.status, `${r.path} at the limit`).toBeLessThan(500);
    }
    expect(await stored()).toEqual(before);
  });

  it('keeps a keep-alive connection usable after refusing a body by its Content-Length', async () => {
    // One socket for both requests: the refused body's rest is drained, so the next request on it is answered.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body?: Uint8Array) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}${path}`, { method: body ? 'POST' : 'GET', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await send('/simulator/api/events', new Uint8Array(WEBHOOK_BODY_LIMIT + 1))).toBe(413);
      expect(await send('/health')).toBe(200);
      expect(await send('/admin/tokens', new Uint8Array(JSON_BODY_LIMIT + 1))).toBe(413);
      expect(await send('/health')).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('leaves GET routes alone', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/simulator/api/replies?userId=sim-x`)).status).toBe(200);
    const challenge = await fetch(
      `${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${CLOUD.verifyToken}&hub.challenge=42`,
    );
    expect(await challenge.text()).toBe('42');
    expect((await fetch(`${server.url}/admin/tokens`, { headers: auth })).status).toBe(200);
  });

  it('stops reading a 32 MB chunked body at the limit: 413, memory flat, nothing stored', async () => {
    const before = await stored();
    // Warm up the paths measured below, so their first-use allocations are not counted.
    await postChunked(`${server.url}/webhooks/whatsapp`, 2 * MB);
    await postChunked(`${server.url}/simulator/api/events`, 2 * MB);
    for (const path of ['/webhooks/whatsapp', '/simulator/api/events', '/webhooks/line']) {
      const { result, growth } = await peakRssGrowth(() => postChunked(`${server.url}${path}`, BIG));
      expect(result.status, path).toBe(413);
      // Read in full, 32 MB would cost at least 32 MB (undici's arrayBuffer() holds it twice); the limit costs ~1 MB.
      expect(growth, `${path}: RSS grew ${(growth / MB).toFixed(1)} MB`).toBeLessThan(BIG / 4);
    }
    expect(await stored()).toEqual(before);
  });

  it('does not trust a lying Content-Length: too big is refused unread, too small is cut off where it says', async () => {
    const before = await stored();
    // Declares 1 GB, sends 32 MB: refused on the header, before a byte of the body is read.
    const huge = await peakRssGrowth(() =>
      postRaw(`${server.url}/webhooks/whatsapp`, { contentLength: 1024 * MB, total: BIG }),
    );
    expect(huge.result.status).toBe(413);
    expect(huge.result.body).toContain('payload_too_large');
    expect(huge.growth, `RSS grew ${(huge.growth / MB).toFixed(1)} MB`).toBeLessThan(BIG / 4);
    // Declares 100 bytes, sends 32 MB: Node's parser takes the 100 bytes it was told as the body (unsigned: the route
    // would answer 401) and the rest as a malformed next request, which it answers 400 and closes the connection,
    // whichever comes first. Nothing past the 100 bytes is buffered; nothing is stored.
    for (const path of ['/webhooks/whatsapp', '/webhooks/line']) {
      const small = await peakRssGrowth(() => postRaw(`${server.url}${path}`, { contentLength: 100, total: BIG }));
      expect([400, 401], `${path}: ${small.result.body.slice(0, 100)}`).toContain(small.result.status);
      expect(small.growth, `${path}: RSS grew ${(small.growth / MB).toFixed(1)} MB`).toBeLessThan(BIG / 4);
    }
    expect(await stored()).toEqual(before);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
