// Turn processing and delivery retries, on real SQLite with a manual clock (a retry happens when the clock says it is
// due, never because more traffic came): a turn the database could not commit stays pending and is retried until it
// works; a turn that fails for a bug is given up after a few attempts, recorded, and stops blocking the member; a
// reply is tried only when due and failed only when its time budget is spent; two delivery loops on one database
// (two Workers isolates, a cron run beside a webhook) never send one row twice.
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import type { OutboxItem, ReplySender, SendOutcome } from '../../src/inbox/index.js';
import type { InboundEvent } from '../../src/kernel/channel.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { composeServices } from '../../src/main/compose.js';
import { parseConfig } from '../../src/main/config.js';
import { seedDemoProgram } from '../../src/main/demo-seed.js';
import { chatHarness, RecordingSender, silentLog } from '../support/chat-harness.js';
import { busyFault, commitsTurn, FaultyDatabase } from '../support/faulty-db.js';

const MINUTE = 60_000;
let seq = 0;
const text = (userId: string, body: string): InboundEvent => ({
  channel: 'simulator',
  userId,
  eventId: `retry-${++seq}`,
  occurredAt: Date.now(),
  type: 'text',
  text: body,
});

async function setup() {
  const db = new FaultyDatabase(openSqlite({ path: ':memory:' }));
  const h = await chatHarness(db, { DEFAULT_LANGUAGE: 'en' });
  const row = (id: number) =>
    db.first<{ done_at: number | null; attempts: number; last_error: string | null; gave_up_at: number | null }>(
      'SELECT done_at, attempts, last_error, gave_up_at FROM inbox_events WHERE id = ?',
      [id],
    );
  const idOf = async (e: InboundEvent) =>
    (await db.first<{ id: number }>('SELECT id FROM inbox_events WHERE event_id = ?', [e.eventId]))?.id ?? 0;
  return { db, h, row, idOf };
}

describe('a turn that fails', () => {
  it('for a database fault stays pending, retried when due, never done without its effects', async () => {
    const { db, h, row, idOf } = await setup();
    const first = text('u1', 'hi');
    const second = text('u1', 'help');
    await h.services.inbox.accept([first, second]);
    const id = await idOf(first);
    db.fault = (s) => (commitsTurn(id)(s) ? busyFault() : undefined);
    for (let round = 1; round <= 8; round++) {
      await h.services.inbox.drain();
      // Without time passing, more drains are no more attempts.
      await h.services.inbox.drain();
      expect(await row(id)).toMatchObject({ done_at: null, attempts: round, gave_up_at: null });
      h.clock.advance(10 * MINUTE);
    }
    expect((await row(id))?.last_error).toContain('database is locked');
    // The member's next event waited behind it; nothing was answered.
    expect(await row(await idOf(second))).toMatchObject({ done_at: null });
    expect(h.sender.sent).toHaveLength(0);

    db.fault = undefined;
    await h.services.inbox.drain();
    expect((await row(id))?.done_at).not.toBeNull();
    expect((await row(await idOf(second)))?.done_at).not.toBeNull();
    expect(h.sender.sent.map((s) => s.inboxId)).toEqual([id, await idOf(second)]);
    expect(await db.first('SELECT COUNT(*) AS n FROM inbox_done WHERE inbox_id = ?', [id])).toEqual({ n: 1 });
  });

  it('for a bug is given up after INBOX_MAX_ATTEMPTS, recorded with why, and the member goes on', async () => {
    const { db, h, row, idOf } = await setup();
    const broken = text('u2', 'hi');
    const next = text('u2', 'help');
    await h.services.inbox.accept([broken, next]);
    const id = await idOf(broken);
    db.fault = (s) => (commitsTurn(id)(s) ? new Error('simulated bug in a command') : undefined);
    for (let round = 1; round < 5; round++) {
      await h.services.inbox.drain();
      expect(await row(id)).toMatchObject({ done_at: null, attempts: round });
      h.clock.advance(10 * MINUTE);
    }
    await h.services.inbox.drain();
    const given = await row(id);
    expect(given).toMatchObject({ attempts: 5, gave_up_at: h.clock.now() });
    expect(given?.done_at).not.toBeNull();
    expect(given?.last_error).toContain('simulated bug');
    // Done without effects: no reply for it; the member's next event is answered.
    expect(await db.first('SELECT COUNT(*) AS n FROM outbox WHERE inbox_id = ?', [id])).toEqual({ n: 0 });
    expect(h.sender.sent.map((s) => s.inboxId)).toEqual([await idOf(next)]);
  });
});

/** A channel that fails every send until told otherwise. */
class FlakySender implements ReplySender {
  readonly calls: OutboxItem[] = [];
  outcome: SendOutcome = { status: 'retry', error: 'LINE 500: Internal server error' };
  async send(item: OutboxItem): Promise<SendOutcome> {
    this.calls.push(item);
    return this.outcome;
  }
}

async function flaky(env: Record<string, string> = {}) {
  const db = openSqlite({ path: ':memory:' });
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 1, 0, 0));
  const sender = new FlakySender();
  const other = new RecordingSender();
  const services = composeServices({
    config: parseConfig({ PUBLIC_BASE_URL: 'https://pl.example', DEFAULT_LANGUAGE: 'en', ...env }),
    db,
    clock,
    log: silentLog,
    qr: { memberQrUrl: async (code) => `https://pl.example/qr/${code}.png` },
    senders: { line: sender, simulator: other },
    profiles: {},
  });
  await seedDemoProgram(services, clock.now());
  const lineEvent = (userId: string): InboundEvent => ({ ...text(userId, 'hi'), channel: 'line' });
  return { db, clock, sender, other, services, lineEvent };
}

describe('a reply that fails', () => {
  it('is tried when due, not when traffic comes, and failed only when its time budget is spent', async () => {
    const { db, clock, sender, other, services, lineEvent } = await flaky({
      OUTBOX_RETRY_BUDGET_MS: String(10 * MINUTE),
    });
    await services.inbox.accept([lineEvent('Uflaky')]);
    await services.inbox.drain();
    expect(sender.calls).toHaveLength(1);
    // Traffic from 30 other members, each turn waking the delivery loop: the failing row is not tried again.
    for (let i = 0; i < 30; i++) {
      await services.inbox.accept([text(`busy-${i}`, 'hi')]);
      await services.inbox.drain();
    }
    expect(other.sent).toHaveLength(30);
    expect(sender.calls).toHaveLength(1);
    // Time passes: a retry each time one is due, spaced ever wider, until the budget is spent.
    const gaps: number[] = [];
    for (
      let i = 0;
      i < 100 &&
      (await db.first<{ s: string }>("SELECT status AS s FROM outbox WHERE user_id = 'Uflaky'"))?.s === 'pending';
      i++
    ) {
      const r = await db.first<{ next: number }>("SELECT next_attempt_at AS next FROM outbox WHERE user_id = 'Uflaky'");
      gaps.push((r?.next ?? 0) - clock.now());
      clock.set(r?.next ?? 0);
      await services.inbox.drain();
    }
    const row = await db.first<{ status: string; attempts: number; last_error: string }>(
      "SELECT status, attempts, last_error FROM outbox WHERE user_id = 'Uflaky'",
    );
    expect(row?.status).toBe('failed');
    expect(row?.last_error).toMatch(/^gave up after \d+ attempts in \d+ s: LINE 500/);
    expect(row?.attempts).toBe(sender.calls.length);
    expect(gaps.length).toBeGreaterThan(5);
    // Exponential: the last gaps are far longer than the first (jitter aside).
    expect(Math.max(...gaps.slice(-3))).toBeGreaterThan(8 * Math.max(...gaps.slice(0, 2)));
  });

  it('honours Retry-After, and one that gets through pulls its channel forward', async () => {
    const { db, clock, sender, services, lineEvent } = await flaky();
    sender.outcome = { status: 'retry', error: 'LINE 429', retryAfterMs: 42_000, throttled: true };
    await services.inbox.accept([lineEvent('Ua')]);
    await services.inbox.drain();
    const a = await db.first<{ wait: number }>(
      "SELECT next_attempt_at - attempted_at AS wait FROM outbox WHERE user_id = 'Ua'",
    );
    expect(a?.wait).toBe(42_000);
    // LINE down (a 500) for another member: a minute of backoff would follow...
    sender.outcome = { status: 'retry', error: 'LINE 500' };
    await services.inbox.accept([lineEvent('Ub')]);
    await services.inbox.drain();
    clock.advance(1);
    // ...but a new member is answered: LINE is back, so the members who waited go now too (the one that hit the
    // rate limit included: LINE's limits are per channel, and the channel just took a message).
    sender.outcome = { status: 'sent' };
    await services.inbox.accept([lineEvent('Uc')]);
    await services.inbox.drain();
    const status = await db.all<{ user_id: string; status: string }>('SELECT user_id, status FROM outbox ORDER BY id');
    expect(status).toEqual([
      { user_id: 'Ua', status: 'sent' },
      { user_id: 'Ub', status: 'sent' },
      { user_id: 'Uc', status: 'sent' },
    ]);
    expect(sender.calls.map((c) => c.userId)).toEqual(['Ua', 'Ub', 'Uc', 'Ua', 'Ub']);
  });
});

describe('two delivery loops on one database', () => {
  it('never send one row twice (each attempt claims its row first)', async () => {
    const db = openSqlite({ path: ':memory:' });
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 1, 0, 0));
    const sender = new RecordingSender();
    const make = () =>
      composeServices({
        config: parseConfig({ PUBLIC_BASE_URL: 'https://pl.example', DEFAULT_LANGUAGE: 'en' }),
        db,
        clock,
        log: silentLog,
        qr: { memberQrUrl: async (code) => `https://pl.example/qr/${code}.png` },
        senders: { simulator: sender },
        profiles: {},
      });
    const one = make();
    const two = make();
    await seedDemoProgram(one, clock.now());
    const events = Array.from({ length: 40 }, (_, i) => text(`twin-${i % 10}`, 'hi'));
    await one.inbox.accept(events);
    // Processed by both at once (a webhook's waitUntil and a cron run), then delivered by both at once.
    await Promise.all([one.inbox.drain(), two.inbox.drain(), one.inbox.deliverDue(), two.inbox.deliverDue()]);
    const ids = sender.sent.map((s) => s.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    // Each member's replies in the order of their turns.
    for (let m = 0; m < 10; m++) {
      const mine = sender.sent.filter((s) => s.userId === `twin-${m}`).map((s) => s.id);
      expect(mine).toEqual([...mine].sort((x, y) => x - y));
    }
  });
});
