// Every HTTP route of the app, fed random requests by fast-check, ONE suite for both runtimes (the Node server over
// HTTP, the worker under workerd through SELF): random path parameters and queries, bodies that are junk, JSON of
// any shape or objects built from the fields our routes read, with and without a valid token and (for the webhooks)
// with a valid signature over the random body, so parsing and validation are reached. Bad input must get a 4xx
// (never a 500, never a stack trace), and the ledger must still balance.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineSignature } from '../../src/channels/line/signature.js';
import { signatureHeader } from '../../src/channels/whatsapp-cloud/signature.js';
import type { ChatRuntime } from './line-chat.suite.js';

export interface FuzzRuntime extends ChatRuntime {
  /** The Cloud API app secret when that channel is on. */
  readonly cloudAppSecret?: string;
}

interface Route {
  readonly method: string;
  readonly path: string;
}

/** Field names the admin, store and webhook bodies read, so random objects get past "not an object". */
const FIELDS = [
  'name',
  'role',
  'tags',
  'segment',
  'content',
  'scheduledAt',
  'names',
  'titles',
  'pointType',
  'cost',
  'stock',
  'amount',
  'memberCode',
  'events',
  'entry',
  'object',
  'destination',
  'type',
  'text',
  'default',
  'filter',
  'channel',
  'language',
  'budget',
  'perClaim',
  'startsAt',
  'endsAt',
  'reward',
  'userId',
  'message',
  'postback',
  'data',
  'kind',
  'moneyValueMinor',
  'lifetimeDays',
  'storeCode',
  'reason',
  'key',
  'members',
  'whatsappTemplate',
  'flex',
  'params',
  'receipt',
  'member',
  'items',
  'at',
  'hold',
  'points',
  'expiresInSeconds',
  'refund',
];

const param = fc.oneof(
  fc.constantFrom('DEMO', 'latte', 'bonus', 'nope', '0', '-1', 'x'.repeat(300), '..', '%', ' '),
  fc.string({ maxLength: 40 }),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
    .map((v) => JSON.stringify(v)),
);

export function httpFuzzSuite(runtime: string, numRuns: number, start: () => Promise<FuzzRuntime>): void {
  describe(`every HTTP route under random input on ${runtime}`, () => {
    let app: FuzzRuntime;
    let routes: Route[];

    beforeAll(async () => {
      app = await start();
      const doc = (await (
        await app.fetch('/admin/openapi.json', { headers: { authorization: `Bearer ${app.adminToken}` } })
      ).json()) as { paths: Record<string, Record<string, unknown>> };
      routes = [
        ...Object.entries(doc.paths).flatMap(([path, ops]) =>
          Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
        ),
        // Routes outside the admin document (a runtime without a channel answers them 404).
        { method: 'POST', path: '/webhooks/line' },
        { method: 'GET', path: '/webhooks/whatsapp' },
        { method: 'POST', path: '/webhooks/whatsapp' },
        { method: 'POST', path: '/api/store/coupons/{code}/redeem' },
        { method: 'POST', path: '/api/store/purchases' },
        { method: 'GET', path: '/api/store/purchases/{receipt}' },
        { method: 'POST', path: '/api/store/purchases/{receipt}/refunds' },
        { method: 'POST', path: '/api/store/offset/quote' },
        { method: 'POST', path: '/api/store/holds' },
        { method: 'GET', path: '/api/store/holds/{hold}' },
        { method: 'POST', path: '/api/store/holds/{hold}/capture' },
        { method: 'POST', path: '/api/store/holds/{hold}/void' },
        { method: 'GET', path: '/qr/{file}' },
        { method: 'POST', path: '/simulator/api/events' },
        { method: 'GET', path: '/simulator/api/replies' },
        { method: 'GET', path: '/simulator/api/conversation' },
        { method: 'GET', path: '/health' },
      ];
      // The document covers the admin API; its writes are in the mix.
      expect(routes.filter((r) => r.method !== 'GET').length).toBeGreaterThan(15);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
    });

    it('answers every request below 500, without a stack trace, and leaves the ledger balanced', async () => {
      const request = fc.record({
        route: fc.nat().map((i) => routes[i % routes.length] as Route),
        params: fc.array(param, { minLength: 3, maxLength: 3 }),
        query: fc.dictionary(
          fc.constantFrom('limit', 'token', 'hub.mode', 'hub.verify_token', 'hub.challenge', 'since'),
          fc.string({ maxLength: 20 }),
          { maxKeys: 3 },
        ),
        body,
        // Mostly authorised and signed, so most requests reach parsing and validation.
        auth: fc.oneof(
          { arbitrary: fc.constant('admin'), weight: 8 },
          { arbitrary: fc.constantFrom('none', 'junk'), weight: 2 },
        ),
        signed: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
        contentType: fc.constantFrom('application/json', 'text/plain', undefined),
      });
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let i = 0;
          const path = r.route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(r.params[i++] ?? ''));
          const query = new URLSearchParams(r.query).toString();
          const headers: Record<string, string> = {};
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.auth === 'admin') headers.authorization = `Bearer ${app.adminToken}`;
          // The owner token acts for the store it names (the demo's); without it the store API stops at 400.
          if (r.auth === 'admin' && path.startsWith('/api/store/')) headers['x-store-code'] = 'xinyi';
          if (r.auth === 'junk') headers.authorization = 'Bearer plat_junk';
          const hasBody = r.route.method !== 'GET' && r.body !== undefined;
          if (hasBody && r.signed && path === '/webhooks/line')
            headers['x-line-signature'] = await lineSignature(app.channelSecret, r.body as string);
          if (hasBody && r.signed && path === '/webhooks/whatsapp' && app.cloudAppSecret)
            headers['x-hub-signature-256'] = await signatureHeader(app.cloudAppSecret, r.body as string);
          const res = await app.fetch(query ? `${path}?${query}` : path, {
            method: r.route.method,
            headers,
            ...(hasBody && { body: r.body }),
          });
          const text = await res.text();
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          const where = `${r.route.method} ${path} -> ${res.status}: ${text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          expect(text, where).not.toMatch(/\n\s+at |\.ts:\d+|SqliteError|SQLITE_|D1_ERROR/);
        }),
        { numRuns },
      );
      // The run reached past authentication and validation, not only 401s.
      expect([...seen.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
      expect(seen.get(400) ?? 0).toBeGreaterThan(numRuns / 20);
      const sum = await app.db.first<{ n: number }>('SELECT COALESCE(SUM(balance), 0) AS n FROM accounts');
      expect(sum?.n).toBe(0);
    }, 300_000);
  });
}
