// Reply delivery on Workers, under workerd with local D1: the webhook's waitUntil tries the reply once; when LINE
// fails it (the stand-in answers 500 to a reply token starting with `fail-`), the row waits out its backoff
// (next_attempt_at) and the cron sweep, the worker's scheduled() on the every-minute trigger, delivers it by push.
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { lineSignature } from '../../src/channels/line/signature.js';
import type { Database } from '../../src/kernel/database.js';
import worker, { resetWorkerForTests } from '../../src/main/worker.js';
import { lineEvent, lineUserId, webhookBody } from '../fakes/line-webhook.js';
import { freshD1 } from './fresh-d1.js';

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  attempted_at: number | null;
  lease_until: number | null;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, tries = 800): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('delivery on Workers', () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });

  it('the cron sweep delivers a reply whose earlier attempt failed, once it is due', async () => {
    expect((await SELF.fetch('https://pointloop.test/health')).status).toBe(200);
    const user = lineUserId();
    const event = lineEvent.follow({ userId: user, replyToken: `fail-${crypto.randomUUID()}` });
    const body = webhookBody([event]);
    const res = await SELF.fetch('https://pointloop.test/webhooks/line', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-line-signature': await lineSignature(env.LINE_CHANNEL_SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(200);

    const row = () =>
      db.first<Row>(
        'SELECT status, attempts, last_error, next_attempt_at, attempted_at, lease_until FROM outbox WHERE user_id = ?',
        [user],
      );
    // The webhook's waitUntil: the turn, then one attempt that LINE failed; a backoff, not a give-up.
    const failed = await until('the failed first attempt', async () => {
      const r = await row();
      return r && r.attempts === 1 && r.lease_until === null ? r : undefined;
    });
    expect(failed).toMatchObject({ status: 'pending', last_error: expect.stringContaining('500') });
    expect(failed.next_attempt_at).toBeGreaterThan(failed.attempted_at ?? 0);

    const sweep = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await until('the row due', async () => (Date.now() >= failed.next_attempt_at ? true : undefined));
    await sweep();
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2, lease_until: null });
    // A second sweep sends nothing again.
    await sweep();
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a row in flight elsewhere (leased) is left alone by the sweep until its lease runs out', async () => {
    expect((await SELF.fetch('https://pointloop.test/health')).status).toBe(200);
    const now = Date.now();
    await db.batch([
      {
        sql: `INSERT INTO outbox (channel, user_id, replies, retry_key, created_at, attempts, attempted_at, lease_until)
              VALUES ('line', 'Uleased', ?, ?, ?, 1, ?, ?)`,
        params: [
          JSON.stringify([{ kind: 'text', text: 'hi', language: 'en' }]),
          crypto.randomUUID(),
          now,
          now,
          now + 3_600_000,
        ],
      },
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: now }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await db.first("SELECT status, attempts FROM outbox WHERE user_id = 'Uleased'")).toEqual({
      status: 'pending',
      attempts: 1,
    });
    await db.batch([{ sql: "UPDATE outbox SET lease_until = ? WHERE user_id = 'Uleased'", params: [Date.now() - 1] }]);
    const again = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, again);
    await waitOnExecutionContext(again);
    expect(await db.first("SELECT status, attempts FROM outbox WHERE user_id = 'Uleased'")).toEqual({
      status: 'sent',
      attempts: 2,
    });
  });
});
