// The store API's purchases, refunds, checkout offset and holds end to end, ONE suite for both runtimes: the Node
// server (better-sqlite3, the real SDK client to the fake LINE API) and the worker under workerd (SELF + local D1, the
// real SDK client to the stand-in LINE API). Members register over signed LINE webhooks; the store calls the API
// with a store key; what the member was told is read from the outbox (the same on both runtimes), and on Node also
// from what the fake LINE API received.
import { beforeEach, describe, expect, it } from 'vitest';
import { lineSignature } from '../../src/channels/line/signature.js';
import type { Reply } from '../../src/conversation/domain/replies.js';
import type { Database } from '../../src/kernel/database.js';
import { localDate } from '../../src/kernel/time.js';
import { groupDigits, issueMemberNumber } from '../../src/members/domain/member-number.js';
import { issueMemberToken } from '../../src/members/domain/member-token.js';
import { lineEvent, lineUserId, type WebhookEvent, webhookBody } from '../fakes/line-webhook.js';

export interface StoreRuntime {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  readonly db: Database;
  readonly channelSecret: string;
  readonly adminToken: string;
  /** What signs member tokens on this runtime (MEMBER_TOKEN_SECRET, else the QR secret). */
  readonly memberTokenSecret: string;
  /** Node: the texts the fake LINE API received by push for this user. */
  pushedTexts?(userId: string): string[];
  /** Node: the messages the fake LINE API received by push for this user (checked against LINE's schema there). */
  pushedMessages?(userId: string): Record<string, unknown>[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const TZ = 'Asia/Taipei';
const HOUR = 3_600_000;

/** A recent instant that is not a member day (the demo's 5th): purchases in this suite earn without a multiplier. */
function plainDay(): number {
  const at = Date.now() - HOUR;
  return localDate(at, TZ).endsWith('-05') ? at - 24 * HOUR : at;
}

/**
 * The last Flex message pushed: a receipt bubble (flex-templates/receipt.json) whose altText is the reply's text and
 * whose contents show each of `shown`; its contents as JSON.
 */
function expectFlexReceipt(messages: Record<string, unknown>[], shown: readonly string[]): string {
  const flex = messages.filter((m) => m.type === 'flex').at(-1);
  expect(flex, 'a Flex receipt was pushed').toBeDefined();
  expect(String(flex?.altText)).toMatch(/^(You spent|Paid|Refund)/);
  const contents = JSON.stringify(flex?.contents);
  expect(contents).toContain('"type":"bubble"');
  for (const s of shown) expect(contents).toContain(JSON.stringify(s));
  return contents;
}

export function purchasesSuite(runtime: string, start: () => Promise<StoreRuntime>): void {
  describe(`store API purchases on ${runtime}`, () => {
    let app: StoreRuntime;
    let key: string;
    beforeEach(async () => {
      app = await start();
      expect((await app.fetch('/health')).status).toBe(200);
      const created = await app.fetch('/admin/stores/xinyi/keys', {
        method: 'POST',
        headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: '信義店' }),
      });
      expect(created.status).toBe(201);
      key = ((await created.json()) as { key: string }).key;
      return () => app.close();
    });

    const store = async (method: string, path: string, body?: unknown, credential = key) => {
      const r = await app.fetch(path, {
        method,
        headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: r.status, body: (await r.json()) as Json };
    };
    const count = async (sql: string, ...params: (string | number)[]) =>
      (await app.db.first<{ n: number }>(sql, params))?.n ?? -1;

    async function settled(eventId: string): Promise<void> {
      for (let i = 0; i < 1200; i++) {
        const n = await count(
          `SELECT COUNT(*) AS n FROM inbox_events e WHERE e.channel = 'line' AND e.event_id = ? AND e.done_at IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inbox_id = e.id AND o.status = 'pending')`,
          eventId,
        );
        if (n === 1) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`event ${eventId} not settled`);
    }

    async function say(userId: string, input: string | { postback: string } | 'follow'): Promise<string> {
      const replyToken = crypto.randomUUID().replaceAll('-', '');
      const e: WebhookEvent =
        input === 'follow'
          ? lineEvent.follow({ userId, replyToken })
          : typeof input === 'string'
            ? lineEvent.text({ userId, replyToken, text: input })
            : lineEvent.postback({ userId, replyToken, data: input.postback });
      const body = webhookBody([e]);
      const r = await app.fetch('/webhooks/line', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': await lineSignature(app.channelSecret, body),
        },
        body,
      });
      expect(r.status).toBe(200);
      await settled(e.webhookEventId);
      const row = await app.db.first<{ replies: string }>(
        "SELECT o.replies FROM outbox o JOIN inbox_events e ON e.id = o.inbox_id WHERE e.channel = 'line' AND e.event_id = ?",
        [e.webhookEventId],
      );
      return (JSON.parse(row?.replies ?? '[]') as Reply[]).map((x) => x.text).join('\n---\n');
    }

    /** A LINE member with the welcome gift (100 points); their member code and id. */
    async function member(phone = '0912345678'): Promise<{ user: string; code: string; id: string }> {
      const user = lineUserId();
      await say(user, 'follow');
      await say(user, 'Amy');
      await say(user, phone);
      await say(user, 'skip');
      expect(await say(user, { postback: 'cmd=agree' })).toMatch(/Welcome gift: \+100\b/);
      const row = await app.db.first<{ member_id: string; member_code: string }>(
        "SELECT i.member_id, m.member_code FROM identities i JOIN members m ON m.id = i.member_id WHERE i.channel = 'line' AND i.user_id = ?",
        [user],
      );
      return { user, code: row?.member_code ?? '', id: row?.member_id ?? '' };
    }

    /** The messages pushed to a member without an inbound event (receipts), once delivered. */
    async function pushed(user: string, n: number): Promise<string[]> {
      for (let i = 0; i < 1200; i++) {
        const rows = await app.db.all<{ replies: string; status: string }>(
          "SELECT replies, status FROM outbox WHERE inbox_id IS NULL AND channel = 'line' AND user_id = ? ORDER BY id",
          [user],
        );
        if (rows.length >= n && rows.every((r) => r.status === 'sent'))
          return rows.map((r) => (JSON.parse(r.replies) as Reply[]).map((x) => x.text).join('\n'));
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no ${n} pushes sent to ${user}`);
    }

    it('a purchase earns by the rules, the member gets a LINE receipt at once, and history says why', async () => {
      const amy = await member();
      const at = plainDay();
      const purchase = { receipt: 'R-1001', member: { memberCode: amy.code }, amount: 32_000, at };
      const r = await store('POST', '/api/store/purchases', purchase);
      expect(r).toMatchObject({
        status: 201,
        body: {
          purchase: { receipt: 'R-1001', store: 'xinyi', amount: 32_000, at },
          member: { code: amy.code },
          earned: [{ pointType: 'bonus', points: 6, base: 6, rule: { code: 'spend' }, multiplier: null }],
          balances: [{ pointType: 'bonus', balance: 106, available: 106, held: 0 }],
          replayed: false,
        },
      });
      expect(await pushed(amy.user, 1)).toEqual(['You spent NT$320 and earned 6 points. You now have 106 points.']);
      // (Replies in this suite carry reply tokens LINE never issued, so the fake LINE gets them by push too.)
      if (app.pushedTexts)
        expect(app.pushedTexts(amy.user)).toContain('You spent NT$320 and earned 6 points. You now have 106 points.');
      if (app.pushedMessages)
        expectFlexReceipt(app.pushedMessages(amy.user), ['Purchase', 'Xinyi', 'NT$320', '+6', '106']);
      expect(await say(amy.user, 'history')).toContain('+6 points (Bonus points) Purchase NT$320 @ Xinyi');

      const transfers = await count('SELECT COUNT(*) AS n FROM transfers');
      expect(await store('POST', '/api/store/purchases', purchase)).toMatchObject({
        status: 201,
        body: { earned: [{ points: 6 }], replayed: true },
      });
      expect(await store('POST', '/api/store/purchases', { ...purchase, amount: 33_000 })).toEqual({
        status: 409,
        body: { error: 'receipt_conflict', field: 'receipt' },
      });
      expect(await count('SELECT COUNT(*) AS n FROM transfers')).toBe(transfers);
      expect(await count('SELECT COUNT(*) AS n FROM outbox WHERE inbox_id IS NULL')).toBe(1);
    });

    it('checkout: quote, hold, a purchase that captures the hold, refunds (one with a shortfall)', async () => {
      const amy = await member();
      const m = { memberCode: amy.code };
      const at = plainDay();
      expect(await store('POST', '/api/store/offset/quote', { member: m, amount: 31_500 })).toMatchObject({
        status: 200,
        body: { best: { pointType: 'bonus', points: 100, valueMinor: 500, step: 20 } },
      });
      const hold = await store('POST', '/api/store/holds', {
        hold: 'H-1',
        member: m,
        pointType: 'bonus',
        points: 100,
        expiresInSeconds: 300,
      });
      expect(hold).toMatchObject({
        status: 201,
        body: { hold: { id: 'H-1', status: 'pending', points: 100 }, balances: [{ available: 0, held: 100 }] },
      });
      const bought = await store('POST', '/api/store/purchases', {
        receipt: 'R-2',
        member: m,
        amount: 31_500,
        at,
        hold: 'H-1',
      });
      expect(bought).toMatchObject({
        status: 201,
        body: {
          earned: [{ points: 6 }],
          offset: { hold: 'H-1', pointType: 'bonus', points: 100, valueMinor: 500 },
          balances: [{ balance: 6, available: 6, held: 0 }],
        },
      });
      expect(await store('GET', '/api/store/holds/H-1')).toMatchObject({
        body: { hold: { status: 'captured', captured: 100 } },
      });
      const history = await say(amy.user, 'history');
      expect(history).toContain('-100 points (Bonus points) Paid NT$5 with points @ Xinyi');

      const refund = await store('POST', '/api/store/purchases/R-2/refunds', { refund: 'F-1', amount: 31_500 });
      expect(refund).toMatchObject({
        status: 201,
        body: { reversed: [{ pointType: 'bonus', due: 6, taken: 6, shortfall: 0 }], shortfall: 0, replayed: false },
      });
      expect(await store('POST', '/api/store/purchases/R-2/refunds', { refund: 'F-1', amount: 31_500 })).toMatchObject({
        status: 201,
        body: { replayed: true, reversed: [{ taken: 6 }] },
      });
      expect(await store('POST', '/api/store/purchases/R-2/refunds', { refund: 'F-2', amount: 1 })).toMatchObject({
        status: 422,
        body: { error: 'refund_exceeds_purchase' },
      });

      // Earned, then spent at the till before the refund: the refund takes what is left and says what it could not.
      await store('POST', '/api/store/purchases', { receipt: 'R-3', member: m, amount: 50_000, at });
      await store('POST', '/api/store/holds', {
        hold: 'H-2',
        member: m,
        pointType: 'bonus',
        points: 8,
        expiresInSeconds: 60,
      });
      expect((await store('POST', '/api/store/holds/H-2/capture', { points: 8, receipt: 'R-4' })).status).toBe(200);
      expect(await store('POST', '/api/store/purchases/R-3/refunds', { refund: 'F-3', amount: 50_000 })).toMatchObject({
        status: 201,
        body: {
          reversed: [{ due: 10, taken: 2, shortfall: 8 }],
          shortfall: 8,
          balances: [{ balance: 0, available: 0 }],
        },
      });
      expect(await pushed(amy.user, 4)).toEqual([
        'Paid NT$5 with 100 points.\nYou spent NT$315 and earned 6 points. You now have 6 points.',
        'Refund NT$315: 6 points taken back. You now have 0 points.',
        'You spent NT$500 and earned 10 points. You now have 10 points.',
        // The shortfall is the store's (the answer above, the brand's report), not the member's.
        'Refund NT$500: 2 points taken back. You now have 0 points.',
      ]);
      if (app.pushedMessages) {
        const flex = expectFlexReceipt(app.pushedMessages(amy.user), ['Refund', 'Xinyi', 'NT$500', '-2']);
        expect(flex).not.toContain('shortfall');
        expect(flex).not.toMatch(/already used/);
      }
      const sums = await app.db.all<{ s: number }>('SELECT SUM(balance) AS s FROM accounts GROUP BY point_type');
      expect(sums.every((x) => x.s === 0)).toBe(true);
    });

    it('concurrency: 10 holds of 30 on 100 points, exactly 3 succeed; one receipt 20 times at once earns once', async () => {
      const amy = await member();
      const m = { memberCode: amy.code };
      const holds = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store('POST', '/api/store/holds', { hold: `C-${i}`, member: m, pointType: 'bonus', points: 30 }),
        ),
      );
      expect(holds.filter((h) => h.status === 201)).toHaveLength(3);
      expect(holds.filter((h) => h.status === 409 && h.body.error === 'insufficient_points')).toHaveLength(7);
      expect(await count("SELECT COUNT(*) AS n FROM holds WHERE status = 'pending'")).toBe(3);

      const purchase = { receipt: 'R-SAME', member: m, amount: 10_000, at: plainDay() };
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => store('POST', '/api/store/purchases', purchase)),
      );
      expect(answers.every((a) => a.status === 201)).toBe(true);
      expect(answers.filter((a) => a.body.replayed === false)).toHaveLength(1);
      expect(new Set(answers.map((a) => JSON.stringify(a.body.earned)))).toEqual(
        new Set([JSON.stringify(answers[0]?.body.earned)]),
      );
      expect(await count("SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key LIKE 'pos:xinyi:R-SAME:%'")).toBe(
        1,
      );
      expect(await count('SELECT COUNT(*) AS n FROM purchases')).toBe(1);
      expect(await store('POST', '/api/store/purchases', { ...purchase, amount: 10_100 })).toMatchObject({
        status: 409,
        body: { error: 'receipt_conflict' },
      });
    });

    it('bad input: each a 4xx with a stable code that writes nothing', async () => {
      const amy = await member();
      const m = { memberCode: amy.code };
      const now = Date.now();
      const ok = { receipt: 'R-OK', member: m, amount: 10_000 };
      expect(
        (await store('POST', '/api/store/holds', { hold: 'V-1', member: m, pointType: 'bonus', points: 10 })).status,
      ).toBe(201);
      expect((await store('POST', '/api/store/holds/V-1/void')).status).toBe(200);
      expect((await store('POST', '/api/store/purchases', { ...ok, receipt: 'R-BASE', at: plainDay() })).status).toBe(
        201,
      );
      const writes = async () =>
        count(
          `SELECT (SELECT COUNT(*) FROM transfers) + (SELECT COUNT(*) FROM holds) + (SELECT COUNT(*) FROM purchases)
             + (SELECT COUNT(*) FROM purchase_refunds) + (SELECT COUNT(*) FROM outbox) AS n`,
        );
      const before = await writes();
      const expired = await issueMemberToken(app.memberTokenSecret, amy.id, now - 6 * 60_000);
      const cases: [string, string, unknown, number, Json, string?][] = [
        ['POST', '/api/store/purchases', { ...ok, amount: -100 }, 400, { error: 'invalid_body', field: 'amount' }],
        ['POST', '/api/store/purchases', { ...ok, amount: 0 }, 400, { error: 'invalid_body', field: 'amount' }],
        ['POST', '/api/store/purchases', { ...ok, amount: 10.5 }, 400, { error: 'invalid_body', field: 'amount' }],
        ['POST', '/api/store/purchases', { ...ok, amount: 1e12 }, 400, { error: 'invalid_body', field: 'amount' }],
        [
          'POST',
          '/api/store/purchases',
          { ...ok, receipt: 'R'.repeat(65) },
          400,
          { error: 'invalid_body', field: 'receipt' },
        ],
        [
          'POST',
          '/api/store/purchases',
          { ...ok, member: { memberCode: '0000000000' } },
          404,
          { error: 'member_not_found' },
        ],
        [
          'POST',
          '/api/store/purchases',
          { ...ok, member: { token: 'pm1.x.1.y' } },
          422,
          { error: 'invalid_member_token' },
        ],
        ['POST', '/api/store/purchases', { ...ok, member: { token: expired } }, 422, { error: 'member_token_expired' }],
        [
          'POST',
          '/api/store/purchases',
          { ...ok, member: { phone: '+886912345678' } },
          403,
          { error: 'phone_not_allowed' },
        ],
        ['POST', '/api/store/purchases', { ...ok, at: now + 24 * HOUR }, 422, { error: 'at_in_future', field: 'at' }],
        ['POST', '/api/store/purchases', { ...ok, at: now - 8 * 24 * HOUR }, 422, { error: 'at_too_old', field: 'at' }],
        [
          'POST',
          '/api/store/purchases',
          { ...ok, items: [{ sku: 'A', quantity: 1, amount: 9_000 }] },
          422,
          { error: 'items_mismatch' },
        ],
        ['POST', '/api/store/purchases', { ...ok, hold: 'NOPE' }, 404, { error: 'hold_not_found' }],
        ['POST', '/api/store/purchases', { ...ok, hold: 'V-1' }, 409, { error: 'hold_voided' }],
        ['POST', '/api/store/purchases', '{"receipt":', 400, { error: 'malformed_json' }],
        ['POST', '/api/store/purchases', ok, 401, { error: 'invalid_store_key' }, 'plsk_unknown'],
        [
          'POST',
          '/api/store/holds',
          { hold: 'H-BIG', member: m, pointType: 'bonus', points: 107 },
          409,
          { error: 'insufficient_points' },
        ],
        [
          'POST',
          '/api/store/holds',
          { hold: 'H-X', member: m, pointType: 'bonus', points: 10, expiresInSeconds: 901 },
          400,
          { error: 'invalid_body' },
        ],
        [
          'POST',
          '/api/store/holds',
          { hold: 'H-X', member: m, pointType: 'gold', points: 10 },
          422,
          { error: 'unknown_point_type' },
        ],
        ['POST', '/api/store/holds/V-1/capture', { points: 5 }, 409, { error: 'hold_voided' }],
        ['POST', '/api/store/holds/NOPE/capture', { points: 5 }, 404, { error: 'hold_not_found' }],
        [
          'POST',
          '/api/store/purchases/NOPE/refunds',
          { refund: 'F', amount: 100 },
          404,
          { error: 'purchase_not_found' },
        ],
        [
          'POST',
          '/api/store/purchases/R-BASE/refunds',
          { refund: 'F', amount: 10_001 },
          422,
          { error: 'refund_exceeds_purchase' },
        ],
        [
          'POST',
          '/api/store/purchases/R-BASE/refunds',
          { refund: 'F', amount: 100, items: [{ sku: 'Z', quantity: 1, amount: 100 }] },
          422,
          { error: 'unknown_sku' },
        ],
      ];
      for (const [method, path, body, status, answer, credential] of cases) {
        const r = await store(method, path, body, credential);
        expect({ path, request: body, ...r }, `${path} ${JSON.stringify(body)}`).toMatchObject({
          status,
          body: answer,
        });
      }
      expect(await writes()).toBe(before);

      // Capturing more than held, and a hold that expired (its points are back at once).
      expect(
        (
          await store('POST', '/api/store/holds', {
            hold: 'E-1',
            member: m,
            pointType: 'bonus',
            points: 50,
            expiresInSeconds: 1,
          })
        ).status,
      ).toBe(201);
      expect(await store('POST', '/api/store/holds/E-1/capture', { points: 51 })).toMatchObject({
        status: 422,
        body: { error: 'capture_exceeds_hold' },
      });
      // The hold lasts a second: wait (bounded) until the API reads it expired, then capture it.
      const status = async () => ((await store('GET', '/api/store/holds/E-1')).body.hold as Json).status;
      for (let i = 0; i < 500 && (await status()) !== 'expired'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await status()).toBe('expired');
      expect(await store('POST', '/api/store/holds/E-1/capture', { points: 10 })).toMatchObject({
        status: 409,
        body: { error: 'hold_expired' },
      });
      const token = await issueMemberToken(app.memberTokenSecret, amy.id, Date.now());
      expect(
        await store('POST', '/api/store/purchases', { ...ok, receipt: 'R-TOKEN', member: { token } }),
      ).toMatchObject({
        status: 201,
        body: { member: { code: amy.code } },
      });
      // The card's numeric (barcode) form of the token names the member too, typed with spaces or not.
      const number = groupDigits((await issueMemberNumber(app.memberTokenSecret, amy.code, Date.now())).code);
      const byNumber = { ...ok, receipt: 'R-NUMBER', member: { token: number } };
      expect(await store('POST', '/api/store/purchases', byNumber)).toMatchObject({
        status: 201,
        body: { member: { code: amy.code } },
      });
    });
  });
}
