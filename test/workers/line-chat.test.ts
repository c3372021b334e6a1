// The chat end to end on the WORKER under workerd with local D1: signed LINE webhooks through SELF, processing in
// waitUntil, the ledger on D1, replies through the real @line/bot-sdk client to a stand-in LINE API (the pool's
// outboundService, see vitest.config.ts). The assertions read what the member was sent from the outbox and the
// ledger state from D1, on the same flows the Node e2e suite covers.
import { env, SELF } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { sqlChatStore } from '../../src/adapters/db/chat-store.js';
import { lineSignature } from '../../src/adapters/line/signature.js';
import type { Database } from '../../src/app/ports.js';
import type { Reply } from '../../src/domain/replies.js';
import { resetWorkerForTests } from '../../src/main/worker.js';
import { freshD1 } from './fresh-d1.js';

const BASE = 'https://pointloop.test';
const SECRET = 'workers-line-secret-0123456789';
let seq = 0;

function textEvent(userId: string, text: string, id = `evt-${++seq}`) {
  return {
    type: 'message',
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId },
    webhookEventId: id,
    deliveryContext: { isRedelivery: false },
    replyToken: `token-${id}`,
    message: { id: `${1e15 + seq}`, type: 'text', quoteToken: 'q', text },
  };
}

async function post(events: object[], signature?: string): Promise<Response> {
  const body = JSON.stringify({ destination: 'Uxxxxxxxx', events });
  return SELF.fetch(`${BASE}/webhooks/line`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-line-signature': signature ?? (await lineSignature(SECRET, body)),
    },
    body,
  });
}

describe('LINE chat on the worker (workerd + D1)', () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });

  async function settled(eventIds: string[]): Promise<void> {
    // D1 binds at most 100 parameters per statement: count in chunks.
    const done = async () => {
      let n = 0;
      for (let i = 0; i < eventIds.length; i += 90) {
        const chunk = eventIds.slice(i, i + 90);
        const row = await db.first<{ n: number }>(
          `SELECT COUNT(*) AS n FROM inbox_events WHERE done_at IS NOT NULL AND event_id IN (${chunk.map(() => '?').join(',')})`,
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
    throw new Error(`events not processed: ${eventIds.length - (await done())} of ${eventIds.length} left`);
  }

  async function say(userId: string, text: string): Promise<string> {
    const event = textEvent(userId, text);
    expect((await post([event])).status).toBe(200);
    await settled([event.webhookEventId]);
    const row = await db.first<{ replies: string }>(
      'SELECT o.replies FROM outbox o JOIN inbox_events e ON e.id = o.inbox_id WHERE e.event_id = ?',
      [event.webhookEventId],
    );
    return (JSON.parse(row?.replies ?? '[]') as Reply[]).map((r) => r.text).join('\n---\n');
  }

  it('registers, shows points and history, checks in, claims, redeems, and a store marks the coupon used', async () => {
    expect(await say('U1', 'hi')).toContain('Welcome');
    expect(await say('U1', 'Amy')).toContain('mobile number');
    expect(await say('U1', '0912345678')).toContain('birthday');
    expect(await say('U1', 'skip')).toContain('terms');
    expect(await say('U1', 'agree')).toContain('+100 Bonus points');
    expect(await say('U1', 'points')).toContain('Bonus points: 100');
    expect(await say('U1', 'check in')).toContain('+10 Bonus points');
    expect(await say('U1', 'check in')).toContain('already checked in');
    expect(await say('U1', 'claim DEMO')).toContain('+50 Bonus points');
    expect(await say('U1', 'redeem latte')).toContain('Your balance after: 10');
    const coupon = await say('U1', 'yes');
    const code = /\b([A-Z2-9]{12})\b/.exec(coupon)?.[1] ?? '';
    expect(code).not.toBe('');
    const history = await say('U1', 'history');
    expect(history).toContain('-150');
    expect(history).toContain('+50');

    const created = await SELF.fetch(`${BASE}/admin/stores/S1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Main St' }),
    });
    const { key } = (await created.json()) as { key: string };
    const redeem = (auth?: string) =>
      SELF.fetch(`${BASE}/api/store/coupons/${code}/redeem`, {
        method: 'POST',
        headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'idempotency-key': 'pos-1' },
      });
    expect((await redeem()).status).toBe(401);
    expect((await redeem('plsk_wrong')).status).toBe(401);
    expect((await redeem(key)).status).toBe(200);
    expect(await (await redeem(key)).json()).toMatchObject({ replayed: true });
  });

  it('refuses bad signatures and malformed JSON, and processes a redelivered event once', async () => {
    const event = textEvent('U2', 'hi');
    expect((await post([event], 'bad-signature')).status).toBe(401);
    const body = '{not json';
    const malformed = await SELF.fetch(`${BASE}/webhooks/line`, {
      method: 'POST',
      headers: { 'x-line-signature': await lineSignature(SECRET, body) },
      body,
    });
    expect(malformed.status).toBe(400);
    expect((await post([event])).status).toBe(200);
    expect((await post([{ ...event, deliveryContext: { isRedelivery: true } }])).status).toBe(200);
    await settled([event.webhookEventId]);
    expect(await db.first('SELECT COUNT(*) AS n FROM inbox_events')).toEqual({ n: 1 });
    expect(await db.first('SELECT COUNT(*) AS n FROM outbox')).toEqual({ n: 1 });
  });

  it('grants exactly budget / per-claim claims when 300 members claim at once through the webhook', async () => {
    await SELF.fetch(`${BASE}/health`); // composes the worker and seeds the demo program (DEMO: 10,000 / 50)
    const chat = sqlChatStore(db);
    await db.batch([
      {
        sql: "UPDATE giveaways SET per_claim = 50, daily_limit = 1 WHERE code = 'DEMO'",
        params: [],
      },
    ]);
    // 300 members, and a budget cut to 5,000 by spending the rest: 100 winners.
    const users = Array.from({ length: 300 }, (_, i) => `UC${i}`);
    const now = Date.now();
    for (let i = 0; i < users.length; i += 50) {
      const r = await db.batch(
        users.slice(i, i + 50).flatMap((u, j) => [
          chat.insertMember({
            id: `m-${u}`,
            memberCode: String(3_000_000_000 + i + j),
            name: u,
            phoneE164: '+886912345678',
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
    await db.batch([
      {
        sql: `INSERT INTO transfers (idempotency_key, point_type, debit_account_id, credit_account_id, amount, reason_code, created_at)
              SELECT 'drain-budget', 'bonus', b.id, r.id, 5000, 'adjustment', ?
              FROM accounts b, accounts r WHERE b.kind = 'campaign_budget' AND b.owner = 'DEMO' AND r.kind = 'redemption' AND r.point_type = 'bonus'`,
        params: [now],
      },
    ]);
    const events = users.map((u) => textEvent(u, 'claim DEMO'));
    const acks = await Promise.all(events.map((e) => post([e])));
    expect(acks.every((a) => a.status === 200)).toBe(true);
    await settled(events.map((e) => e.webhookEventId));
    expect(await db.first("SELECT COUNT(*) AS n FROM giveaway_claims WHERE giveaway_code = 'DEMO'")).toEqual({
      n: 100,
    });
    expect(await db.first("SELECT balance FROM accounts WHERE kind = 'campaign_budget' AND owner = 'DEMO'")).toEqual({
      balance: 0,
    });
  });
});
