// The LINE chat end to end, ONE suite for both runtimes: the Node server (@hono/node-server + better-sqlite3, the
// real SDK client to the fake LINE API) and the worker under workerd (SELF + local D1, the real SDK client to a
// stand-in LINE API). Signed webhook bodies in over HTTP; what a member was sent is read from the outbox rows of
// their events (the same on both runtimes), the ledger from the database through the Database port.
import { beforeEach, describe, expect, it } from 'vitest';
import { lineSignature } from '../../src/channels/line/signature.js';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { type Database, stmt } from '../../src/kernel/database.js';
import { sqlChatStore } from '../../src/members/db/members-sql.js';
import { lineEvent, lineUserId, redelivered, type WebhookEvent, webhookBody } from '../fakes/line-webhook.js';

export interface ChatRuntime {
  /** A request to the app (a URL path and init), answered over HTTP (Node) or through SELF (Workers). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  readonly db: Database;
  readonly channelSecret: string;
  readonly adminToken: string;
  close(): Promise<void>;
}

type Input = string | 'follow' | { readonly postback: string };

export function lineChatSuite(runtime: string, start: () => Promise<ChatRuntime>): void {
  describe(`LINE chat end to end on ${runtime}`, () => {
    let app: ChatRuntime;
    beforeEach(async () => {
      app = await start();
      // The first request composes the app (and seeds the demo program on Workers).
      expect((await app.fetch('/health')).status).toBe(200);
      return () => app.close();
    });

    const post = async (events: readonly WebhookEvent[], signature?: string) => {
      const body = webhookBody(events);
      return app.fetch('/webhooks/line', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': signature ?? (await lineSignature(app.channelSecret, body)),
        },
        body,
      });
    };

    async function settled(eventIds: readonly string[]): Promise<void> {
      // D1 binds at most 100 parameters per statement: count in chunks.
      const done = async () => {
        let n = 0;
        for (let i = 0; i < eventIds.length; i += 90) {
          const chunk = eventIds.slice(i, i + 90);
          const row = await app.db.first<{ n: number }>(
            `SELECT COUNT(*) AS n FROM inbox_events e
             WHERE e.done_at IS NOT NULL AND e.channel = 'line' AND e.event_id IN (${chunk.map(() => '?').join(',')})
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inbox_id = e.id AND o.status = 'pending')`,
            chunk,
          );
          n += row?.n ?? 0;
        }
        return n;
      };
      for (let i = 0; i < 1200; i++) {
        if ((await done()) === eventIds.length) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`events not settled: ${eventIds.length - (await done())} of ${eventIds.length} left`);
    }

    const event = (userId: string, input: Input): WebhookEvent => {
      const replyToken = crypto.randomUUID().replaceAll('-', '');
      if (input === 'follow') return lineEvent.follow({ userId, replyToken });
      if (typeof input === 'string') return lineEvent.text({ userId, replyToken, text: input });
      return lineEvent.postback({ userId, replyToken, data: input.postback });
    };

    const repliesTo = async (e: WebhookEvent) => {
      const row = await app.db.first<{ replies: string; status: string }>(
        "SELECT o.replies, o.status FROM outbox o JOIN inbox_events e ON e.id = o.inbox_id WHERE e.channel = 'line' AND e.event_id = ?",
        [e.webhookEventId],
      );
      expect(row?.status).toBe('sent');
      return (JSON.parse(row?.replies ?? '[]') as Reply[]).map((r) => r.text).join('\n---\n');
    };

    async function say(userId: string, input: Input): Promise<string> {
      const e = event(userId, input);
      expect((await post([e])).status).toBe(200);
      await settled([e.webhookEventId]);
      return repliesTo(e);
    }

    const count = async (sql: string, ...params: (string | number)[]) =>
      (await app.db.first<{ n: number }>(sql, params))?.n ?? -1;

    async function register(userId: string, name = 'Amy', phone = '0912345678') {
      expect(await say(userId, 'follow')).toContain('Welcome');
      expect(await say(userId, name)).toContain('mobile number');
      expect(await say(userId, phone)).toContain('birthday');
      expect(await say(userId, 'skip')).toContain('terms');
      return say(userId, { postback: 'cmd=agree' });
    }

    it('registers from follow to card, shows points and history, checks in, claims, redeems, lists my coupons', async () => {
      const amy = lineUserId();
      expect(await register(amy)).toContain('+100 points');
      const card = await say(amy, 'card');
      const memberCode = /\b(\d{10})\b/.exec(card)?.[1];
      expect(memberCode).toBeDefined();
      expect(await say(amy, 'points')).toContain('Bonus points: 100');
      expect(await say(amy, 'check in')).toContain('+10 points');
      expect(await say(amy, '簽到')).toContain('already checked in');
      expect(await say(amy, 'claim DEMO')).toContain('+50 points');
      expect(await say(amy, 'redeem latte')).toContain('Your balance after: 10');
      const coupon = await say(amy, { postback: 'cmd=agree' });
      const code = /\b([A-Z2-9]{12})\b/.exec(coupon)?.[1] ?? '';
      expect(code).not.toBe('');
      expect(await say(amy, 'my coupons')).toContain(code);
      const history = await say(amy, 'history');
      expect(history).toContain('-150');
      expect(history).toContain('+50');
      expect(await say(amy, 'points')).toContain('Bonus points: 10');

      // The store marks the coupon used: missing and wrong keys refused, the right one once, a replay the same.
      const created = await app.fetch('/admin/stores/S1/keys', {
        method: 'POST',
        headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Main St' }),
      });
      expect(created.status).toBe(201);
      const { key } = (await created.json()) as { key: string };
      const redeem = (auth?: string) =>
        app.fetch(`/api/store/coupons/${code}/redeem`, {
          method: 'POST',
          headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'idempotency-key': 'pos-1' },
        });
      // The cashier looks it up first (issue 13): item, status, valid-until, store scope; a member card scanned by
      // mistake is named as such.
      const lookup = (c: string) =>
        app.fetch(`/api/store/coupons/${encodeURIComponent(c)}`, { headers: { authorization: `Bearer ${key}` } });
      const found = await lookup(code);
      expect(found.status).toBe(200);
      expect(await found.json()).toMatchObject({ coupon: { code, item: 'latte', status: 'active', storeScope: null } });
      const scanned = await lookup(memberCode ?? '');
      expect(scanned.status).toBe(422);
      expect(await scanned.json()).toMatchObject({ error: 'not_a_coupon_code' });
      expect((await lookup('ABCDEFGHJKMN')).status).toBe(404);
      const pushes = () => count('SELECT COUNT(*) AS n FROM outbox WHERE inbox_id IS NULL');
      const pushesBefore = await pushes();
      expect((await redeem()).status).toBe(401);
      expect((await redeem('plsk_wrong')).status).toBe(401);
      expect((await redeem(key)).status).toBe(200);
      expect(await (await redeem(key)).json()).toMatchObject({ replayed: true });
      expect(await count("SELECT COUNT(*) AS n FROM coupons WHERE status = 'used'")).toBe(1);
      // The member is told once (a push in the use's batch); a second use by another request says when and where.
      expect(await pushes()).toBe(pushesBefore + 1);
      const again = await app.fetch(`/api/store/coupons/${code}/redeem`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'pos-2' },
      });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({
        error: 'coupon_already_used',
        store: 'S1',
        usedAt: expect.any(Number),
      });
    });

    it('gives the welcome bonus once when LINE redelivers the final step, and processes each event once', async () => {
      const bob = lineUserId();
      for (const input of ['follow', 'Bob', '0922345678', 'skip'] as const) await say(bob, input);
      const agree = event(bob, { postback: 'cmd=agree' });
      const acks = await Promise.all([post([agree]), post([redelivered(agree)]), post([redelivered(agree)])]);
      expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
      await settled([agree.webhookEventId]);
      expect(await count("SELECT COUNT(*) AS n FROM transfers WHERE reason_code = 'welcome_bonus'")).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM inbox_events WHERE event_id = ?', agree.webhookEventId)).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM members')).toBe(1);
    });

    it('leaves consistent state after 20 concurrent messages from one member', async () => {
      const cy = lineUserId();
      await register(cy, 'Cy', '0932345678');
      const events = Array.from({ length: 20 }, (_, i) => event(cy, i % 2 === 0 ? 'check in' : 'claim DEMO'));
      const acks = await Promise.all(events.map((e) => post([e])));
      expect(acks.every((a) => a.status === 200)).toBe(true);
      await settled(events.map((e) => e.webhookEventId));
      expect(await count('SELECT COUNT(*) AS n FROM checkins')).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM giveaway_claims')).toBe(1);
      // 100 welcome + 10 check-in + 50 claim, in the wallet and in its live lots alike.
      expect(await count("SELECT balance AS n FROM accounts WHERE kind = 'wallet' AND point_type = 'bonus'")).toBe(160);
      expect(await count('SELECT SUM(remaining) AS n FROM lots')).toBe(160);
      expect(await count('SELECT COUNT(*) AS n FROM outbox WHERE inbox_id IS NOT NULL')).toBe(25);
      expect(await say(cy, 'points')).toContain('Bonus points: 160');
    });

    it('answers a bad signature 401, malformed JSON 400 and an oversized body 413, storing nothing', async () => {
      const e = event(lineUserId(), 'hi');
      expect((await post([e], 'bm90LXRoZS1zaWduYXR1cmU=')).status).toBe(401);
      const malformed = '{not json';
      const bad = await app.fetch('/webhooks/line', {
        method: 'POST',
        headers: { 'x-line-signature': await lineSignature(app.channelSecret, malformed) },
        body: malformed,
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'malformed_json' });
      const big = JSON.stringify({ destination: 'U0', events: [], pad: 'x'.repeat(1024 * 1024 + 10) });
      const oversized = await app.fetch('/webhooks/line', {
        method: 'POST',
        headers: { 'x-line-signature': await lineSignature(app.channelSecret, big) },
        body: big,
      });
      expect(oversized.status).toBe(413);
      expect(await count('SELECT COUNT(*) AS n FROM inbox_events')).toBe(0);
    });

    it('grants exactly budget / per-claim claims when 300 members claim at once through the webhook', async () => {
      const chat = sqlChatStore(app.db);
      const users = Array.from({ length: 300 }, () => lineUserId());
      const now = Date.now();
      for (let i = 0; i < users.length; i += 50) {
        const r = await app.db.batch(
          users.slice(i, i + 50).flatMap((u, j) => [
            chat.insertMember({
              id: `m-${u}`,
              memberCode: String(3_000_000_000 + i + j),
              name: 'Member',
              phoneE164: `+8869${String(i + j).padStart(8, '0')}`, // one member per number
              birthday: null,
              language: 'en',
              registeredAt: now,
              registeredLocalDate: '2026-01-01',
              consentVersion: 't',
              consentAt: now,
            }),
            chat.touchIdentity('line', u, 'en', now),
            chat.attachIdentity('line', u, `m-${u}`),
          ]),
        );
        expect(r.ok).toBe(true);
      }
      // The DEMO budget cut from 10,000 to 5,000 (spent elsewhere): 5,000 / 50 = 100 winners among 300.
      const drained = await app.db.batch([
        stmt(
          `INSERT INTO transfers (idempotency_key, point_type, debit_account_id, credit_account_id, amount, reason_code, created_at)
           SELECT 'drain-budget', 'bonus', b.id, r.id, 5000, 'adjustment', ?
           FROM accounts b, accounts r WHERE b.kind = 'campaign_budget' AND b.owner = 'DEMO' AND r.kind = 'redemption' AND r.point_type = 'bonus'`,
          now,
        ),
      ]);
      expect(drained.ok).toBe(true);
      const events = users.map((u) => event(u, 'claim DEMO'));
      const acks = await Promise.all(events.map((e) => post([e])));
      expect(acks.every((a) => a.status === 200)).toBe(true);
      await settled(events.map((e) => e.webhookEventId));
      expect(await count("SELECT COUNT(*) AS n FROM giveaway_claims WHERE giveaway_code = 'DEMO'")).toBe(100);
      expect(await count("SELECT balance AS n FROM accounts WHERE kind = 'campaign_budget' AND owner = 'DEMO'")).toBe(
        0,
      );
      expect(await count("SELECT COALESCE(SUM(balance), 0) AS n FROM accounts WHERE kind = 'wallet'")).toBe(5000);
      // Each winner is told how many claims were left right after their own, as the committing batch saw it: the
      // hundred answers are 99, 98, ... 0, each once (a figure read before the batch would repeat).
      const lefts: number[] = [];
      for (const e of events) {
        const left = /([\d,]+) left to claim/.exec(await repliesTo(e))?.[1];
        if (left) lefts.push(Number(left.replaceAll(',', '')));
      }
      expect(lefts.sort((a, b) => b - a)).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    });

    // Issue 12, item 10: one member per E.164 number, decided by the UNIQUE index whatever the timing.
    it('makes one member when two chats register one phone number at once, and tells the other to link', async () => {
      const [dee, eve] = [lineUserId(), lineUserId()];
      for (const u of [dee, eve])
        for (const input of ['follow', 'Dee', '0942345678', 'skip'] as const) await say(u, input);
      const agrees = [event(dee, { postback: 'cmd=agree' }), event(eve, { postback: 'cmd=agree' })];
      expect((await Promise.all(agrees.map((e) => post([e])))).map((a) => a.status)).toEqual([200, 200]);
      await settled(agrees.map((e) => e.webhookEventId));
      const answers = await Promise.all(agrees.map(repliesTo));
      expect(answers.filter((a) => a.includes('+100 points'))).toHaveLength(1);
      expect(answers.filter((a) => a.includes('send "link" in the chat you first registered in'))).toHaveLength(1);
      expect(await count("SELECT COUNT(*) AS n FROM members WHERE phone_e164 = '+886942345678'")).toBe(1);
      expect(await count("SELECT COUNT(*) AS n FROM transfers WHERE reason_code = 'welcome_bonus'")).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM identities WHERE member_id IS NOT NULL')).toBe(1);
    });

    /** The newest push (no inbound event) to a user, once delivered. */
    async function pushedTo(userId: string): Promise<Reply[]> {
      for (let i = 0; i < 1200; i++) {
        const row = await app.db.first<{ replies: string }>(
          "SELECT replies FROM outbox WHERE inbox_id IS NULL AND user_id = ? AND status = 'sent' ORDER BY id DESC LIMIT 1",
          [userId],
        );
        if (row) return JSON.parse(row.replies) as Reply[];
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`nothing was pushed to ${userId}`);
    }

    // Issue 12, item 7: link codes that cannot be guessed, and a notice with a one-tap unlink.
    it('tells the chat that asked for a link code when it is used, and its unlink button detaches that chat', async () => {
      const amy = lineUserId();
      await register(amy, 'Amy', '0952345678');
      const code = /\b(\d{4} \d{4})\b/.exec(await say(amy, 'link'))?.[1] ?? '';
      const second = lineUserId();
      expect(await say(second, code)).toContain('Linked!');
      const notice = (await pushedTo(amy))[0];
      if (notice?.kind !== 'confirm') throw new Error(`expected the notice card, got ${notice?.kind}`);
      expect(notice.body).toContain('A LINE account now uses your membership');
      const unlink = notice.confirm.action.type === 'postback' ? notice.confirm.action.data : '';
      expect(await say(amy, { postback: unlink })).toContain('no longer linked to your membership');
      expect(await count('SELECT COUNT(*) AS n FROM identities WHERE user_id = ? AND member_id IS NULL', second)).toBe(
        1,
      );
      expect(await say(second, 'points')).toContain('Please join first');
      expect(await say(amy, 'points')).toContain('Bonus points: 100');
    });

    it('kills a link code after 5 wrong guesses from new chats, then stops checking guesses for the minute', async () => {
      const amy = lineUserId();
      await register(amy, 'Amy', '0962345678');
      const code = (/\b(\d{4} \d{4})\b/.exec(await say(amy, 'link'))?.[1] ?? '').replace(' ', '');
      expect(code).toMatch(/^\d{8}$/);
      const miss = (i: number) =>
        `${code.slice(0, 3)}${String((Number(code.slice(3)) + 1 + i) % 100_000).padStart(5, '0')}`;
      // Five misses in the code's bucket, each from a chat never seen before: the code is dead, right digits or not.
      for (let i = 0; i < 5; i++) expect(await say(lineUserId(), miss(i))).toContain('not valid');
      expect(await say(lineUserId(), code)).toContain('not valid');
      // Then 40 guesses at once from 40 new chats: LINK_MAX_WRONG_PER_MINUTE (20) wrong codes are checked in any 60
      // seconds, the rest are answered "too many tries" unchecked (this part takes a few seconds, well within one).
      const storm = Array.from({ length: 40 }, (_, i) => event(lineUserId(), miss(100 + i)));
      expect((await post(storm)).status).toBe(200);
      await settled(storm.map((e) => e.webhookEventId));
      const answers = await Promise.all(storm.map(repliesTo));
      expect(answers.every((a) => a.includes('not valid') || a.includes('Too many tries'))).toBe(true);
      expect(answers.filter((a) => a.includes('not valid'))).toHaveLength(20 - 6);
      expect(await count('SELECT COUNT(*) AS n FROM link_attempts WHERE ok = 0')).toBe(20);
      expect(await count('SELECT COUNT(*) AS n FROM identities WHERE member_id IS NOT NULL')).toBe(1);
    });
  });
}
