// GET /api/store/openapi.json describes the store API as main composes it (real SQLite, the demo programme): every
// store route the app serves is in the document, every refusal code the route modules can give is in it under its
// status, and every answer the routes give to real requests below (bad credentials, bad bodies, refusals, successes)
// is documented for the route that gave it.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { createHttpApp } from '../../src/http/app.js';
import { deferOnNode } from '../../src/http/defer.js';
import { STORE_DOC_PATH } from '../../src/http/store-openapi.js';
import { storeRoutes } from '../../src/main/compose.js';
import { STORE_API_STATUS } from '../../src/purchases/index.js';
import { COUPON_REDEEM_STATUS } from '../../src/stores/http.js';
import { type ChatHarness, chatHarness, silentLog } from '../support/chat-harness.js';

type Responses = Record<string, { content?: { 'application/json'?: { schema?: { properties?: Json } } } }>;
type Json = Record<string, { enum?: string[] }>;
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Responses }>>;
}

const ADMIN = 'admin-token-0123456789';
const src = (path: string) => readFileSync(new URL(`../../src/${path}`, import.meta.url), 'utf8');

/** status -> codes documented for one operation. */
function documented(doc: Doc, method: string, path: string): Map<number, Set<string>> {
  const op = doc.paths[path]?.[method];
  const out = new Map<number, Set<string>>();
  for (const [status, r] of Object.entries(op?.responses ?? {})) {
    out.set(Number(status), new Set(r.content?.['application/json']?.schema?.properties?.error?.enum ?? []));
  }
  return out;
}

describe('the store API OpenAPI document', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  let doc: Doc;
  let key: string;
  let memberCode: string;

  const call = async (method: string, path: string, o: { body?: string; credential?: string } = {}) => {
    const r = await app.request(path, {
      method,
      headers: {
        ...(o.credential !== undefined && { authorization: `Bearer ${o.credential}` }),
        'content-type': 'application/json',
      },
      ...(o.body !== undefined && { body: o.body }),
    });
    return { status: r.status, body: (await r.json()) as { error?: string } };
  };
  /** The answer is documented for the route template that gave it: its status, and its code under that status. */
  const expectDocumented = (method: string, template: string, a: { status: number; body: { error?: string } }) => {
    const codes = documented(doc, method, template).get(a.status);
    expect(
      codes,
      `${method} ${template} answered ${a.status} ${a.body.error ?? ''}: undocumented status`,
    ).toBeDefined();
    if (a.status >= 400) expect([...(codes ?? [])], `${method} ${template}`).toContain(a.body.error);
  };

  beforeAll(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }), { ADMIN_TOKEN: ADMIN });
    app = createHttpApp({ log: silentLog, modules: storeRoutes(h.services, deferOnNode) });
    const r = await app.request(STORE_DOC_PATH);
    expect(r.status).toBe(200);
    doc = (await r.json()) as Doc;
    key = (await h.services.stores.createStoreKey('xinyi', 'Xinyi')).key;
    const user = 'U-openapi';
    for (const input of ['follow', 'Amy', '0912345678', 'skip', { postback: 'cmd=agree' }] as const)
      await h.say(user, input);
    const row = await h.services.db.first<{ member_code: string }>(
      "SELECT m.member_code FROM identities i JOIN members m ON m.id = i.member_id WHERE i.user_id = 'U-openapi'",
    );
    memberCode = row?.member_code ?? '';
    expect(memberCode).not.toBe('');
  });

  /** The store routes the composed app serves, as OpenAPI paths. */
  const served = () =>
    app.routes
      .filter((r) => r.path.startsWith('/api/store/') && r.method !== 'ALL' && r.path !== STORE_DOC_PATH)
      .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replaceAll(/:(\w+)/g, '{$1}') }));

  it('lists every store route the app serves', () => {
    expect(doc.openapi).toBe('3.0.3');
    const routes = served();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const r of routes) expect(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
    expect(doc.paths[STORE_DOC_PATH]?.get).toBeDefined();
  });

  it('documents every refusal code the route modules can give, under its status', () => {
    const all = new Map<number, Set<string>>();
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops))
        for (const [status, codes] of documented(doc, method, path))
          all.set(status, new Set([...(all.get(status) ?? []), ...codes]));
    const expectCode = (code: string, status?: number) => {
      const statuses = [...all].filter(([, codes]) => codes.has(code)).map(([s]) => s);
      expect(statuses, code).not.toEqual([]);
      if (status !== undefined) expect(statuses, code).toContain(status);
    };
    // invalid_offset is the admin settings' own (PUT /admin/checkout-offset): no store route gives it.
    const { invalid_offset: _admin, ...storeCodes } = STORE_API_STATUS;
    for (const [code, status] of Object.entries({ ...storeCodes, ...COUPON_REDEEM_STATUS })) expectCode(code, status);
    // Every literal code the route modules, the credential check, the validators and the body limit answer with.
    const store = src('stores/http.ts').split('export function storeAdminRoutes')[0] ?? '';
    const literal = [store, src('purchases/http.ts'), src('http/validation.ts'), src('http/body-limit.ts')]
      .flatMap((s) => [...s.matchAll(/(?:error|code): '([a-z_]+)'|refuse\((\d{3}), '([a-z_]+)'/g)])
      .map((m) => ({ code: m[1] ?? m[3] ?? '', status: m[2] ? Number(m[2]) : undefined }));
    expect(literal.length).toBeGreaterThanOrEqual(12);
    for (const { code, status } of literal) expectCode(code, status);
    expectCode('store_token_unbound', 403);
  });

  it('documents what each route answers without a credential and with a bad body', async () => {
    for (const r of served()) {
      const path = r.path.replaceAll(/\{\w+\}/g, 'X-1');
      const bare = await call(r.method, path);
      expect(bare).toMatchObject({ status: 401, body: { error: 'invalid_store_key' } });
      expectDocumented(r.method, r.path, bare);
      if (r.method !== 'post') continue;
      for (const body of ['{', '{}', '{"amount":-1}', 'x'.repeat(70_000)])
        expectDocumented(r.method, r.path, await call(r.method, path, { body, credential: key }));
    }
  });

  it('documents the refusals and successes of a purchase, a refund, a hold and a coupon lookup', async () => {
    const member = { memberCode };
    const post = async (template: string, path: string, body: unknown, status?: number) => {
      const a = await call('post', path, { body: JSON.stringify(body), credential: key });
      if (status !== undefined) expect(a.status, JSON.stringify(a.body)).toBe(status);
      expectDocumented('post', template, a);
      return a;
    };
    await post('/api/store/purchases', '/api/store/purchases', { receipt: 'R-1', member, amount: 32000 }, 201);
    const conflict = await post('/api/store/purchases', '/api/store/purchases', { receipt: 'R-1', member, amount: 1 });
    expect(conflict.body.error).toBe('receipt_conflict');
    await post('/api/store/purchases', '/api/store/purchases', {
      receipt: 'R-2',
      member: { token: 'pm1.x' },
      amount: 1,
    });
    await post('/api/store/purchases', '/api/store/purchases', {
      receipt: 'R-3',
      member: { phone: '0912' },
      amount: 1,
    });
    const items = [{ sku: 'A', quantity: 1, amount: 5 }];
    await post('/api/store/purchases', '/api/store/purchases', { receipt: 'R-4', member, amount: 10, items }, 422);
    await post('/api/store/purchases', '/api/store/purchases', { receipt: 'R-5', member, amount: 10, at: 1e12 }, 422);
    const refunds = '/api/store/purchases/{receipt}/refunds';
    await post(refunds, '/api/store/purchases/R-1/refunds', { refund: 'F-1', amount: 16000 }, 201);
    await post(refunds, '/api/store/purchases/R-1/refunds', { refund: 'F-1', amount: 100 }, 409);
    await post(refunds, '/api/store/purchases/R-1/refunds', { refund: 'F-2', amount: 99_000 }, 422);
    await post(refunds, '/api/store/purchases/NOPE/refunds', { refund: 'F-3', amount: 1 }, 404);
    await post('/api/store/offset/quote', '/api/store/offset/quote', { member, amount: 32000 }, 200);
    const hold = { hold: 'H-1', member, pointType: 'bonus', points: 10, expiresInSeconds: 60 };
    await post('/api/store/holds', '/api/store/holds', hold, 201);
    await post('/api/store/holds', '/api/store/holds', { ...hold, points: 11 }, 409);
    await post('/api/store/holds', '/api/store/holds', { ...hold, hold: 'H-2', points: 1_000_000 }, 409);
    await post('/api/store/holds', '/api/store/holds', { ...hold, hold: 'H-3', pointType: 'nope' }, 422);
    const capture = '/api/store/holds/{hold}/capture';
    await post(capture, '/api/store/holds/H-1/capture', { points: 11 }, 422);
    await post(capture, '/api/store/holds/H-1/capture', { points: 5 }, 200);
    await post(capture, '/api/store/holds/H-1/capture', { points: 6 }, 409);
    await post('/api/store/holds/{hold}/void', '/api/store/holds/H-1/void', {}, 409);
    await post('/api/store/holds/{hold}/void', '/api/store/holds/NOPE/void', {}, 404);
    const get = async (template: string, path: string, status: number) => {
      const a = await call('get', path, { credential: key });
      expect(a.status, JSON.stringify(a.body)).toBe(status);
      expectDocumented('get', template, a);
    };
    await get('/api/store/holds/{hold}', '/api/store/holds/H-1', 200);
    await get('/api/store/purchases/{receipt}', '/api/store/purchases/R-1', 200);
    await get('/api/store/purchases/{receipt}', '/api/store/purchases/NOPE', 404);
    await get('/api/store/coupons/{code}', `/api/store/coupons/${memberCode}`, 422);
    await get('/api/store/coupons/{code}', '/api/store/coupons/NOSUCH1', 404);
    await post('/api/store/coupons/{code}/redeem', '/api/store/coupons/NOSUCH1/redeem', {}, 404);
  });
});
