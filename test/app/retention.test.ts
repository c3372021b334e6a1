// The retention job: processed inbox payloads and delivered outbox bodies (what members typed: names, phone numbers)
// are blanked after RETENTION_DAYS, on real SQLite; the ids idempotency needs stay, so a very late redelivery is still
// recognised and has no second effect. The job is in the list both runtimes run (Node's scheduler, Workers' cron).
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import type { InboundEvent } from '../../src/kernel/channel.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { compose } from '../../src/main/compose.js';
import { parseConfig } from '../../src/main/config.js';
import { chatHarness, silentLog } from '../support/chat-harness.js';
import { busyFault, commitsTurn, FaultyDatabase } from '../support/faulty-db.js';

describe('retention', () => {
  it('blanks old payloads and bodies, keeps what is pending or recent, and a late redelivery is still a duplicate', async () => {
    const db = new FaultyDatabase(openSqlite({ path: ':memory:' }));
    const h = await chatHarness(db, { DEFAULT_LANGUAGE: 'en' });
    for (const say of ['hi', 'Amy Chen', '0912345678', 'skip', 'agree']) await h.say('amy', say);
    const personal = () =>
      db.first<{ inbox: number; outbox: number }>(
        `SELECT (SELECT COUNT(*) FROM inbox_events WHERE payload LIKE '%0912345678%' OR payload LIKE '%Amy Chen%') AS inbox,
                (SELECT COUNT(*) FROM outbox WHERE replies LIKE '%Amy Chen%') AS outbox`,
      );
    const before = await personal();
    expect(before?.inbox).toBe(2);
    expect(before?.outbox).toBeGreaterThan(0);
    const phoneEvent = await db.first<{ id: number; channel: string; event_id: string }>(
      "SELECT id, channel, event_id FROM inbox_events WHERE payload LIKE '%0912345678%'",
    );

    // An event acknowledged but not processed yet (it waits behind a fault, say) must keep its payload.
    const waiting: InboundEvent = {
      channel: 'simulator',
      userId: 'bob',
      eventId: 'waiting-1',
      occurredAt: h.clock.now(),
      type: 'text',
      text: 'Bob Lin 0987654321',
    };
    await h.services.inbox.accept([waiting]);
    const waitingId = (await db.first<{ id: number }>("SELECT id FROM inbox_events WHERE event_id = 'waiting-1'"))?.id;
    db.fault = (statements) => (commitsTurn(waitingId ?? 0)(statements) ? busyFault() : undefined);
    // 29 days on: nothing is old enough.
    h.clock.advance(29 * DAY_MS);
    expect(await h.services.inbox.prune(30)).toEqual({ inboxPayloads: 0, outboxBodies: 0 });
    h.clock.advance(2 * DAY_MS);
    await h.say('amy', 'points'); // recent: kept

    const run = await h.services.inbox.prune(30);
    expect(run.inboxPayloads).toBe(5);
    expect(run.outboxBodies).toBe(5);
    expect(await personal()).toEqual({ inbox: 0, outbox: 0 });
    expect(await db.first("SELECT payload FROM inbox_events WHERE event_id = 'waiting-1'")).toEqual({
      payload: JSON.stringify(waiting),
    });
    expect(
      await db.first(
        "SELECT COUNT(*) AS n FROM inbox_events WHERE payload <> '' AND channel = 'simulator' AND user_id = 'amy'",
      ),
    ).toEqual({ n: 1 });
    // Rows and ids stay: every inbox_done, every outbox row with its status and retry key.
    expect(await db.first('SELECT COUNT(*) AS n FROM inbox_done')).toEqual({ n: 6 });
    expect(await db.first("SELECT COUNT(*) AS n FROM outbox WHERE status = 'sent' AND retry_key <> ''")).toEqual({
      n: 6,
    });
    // Again: nothing left to do.
    expect(await h.services.inbox.prune(30)).toEqual({ inboxPayloads: 0, outboxBodies: 0 });

    // A very late redelivery of the phone-number message: recognised by (channel, event id), no second turn.
    const sent = h.sender.sent.length;
    const balance = await h.services.ledger.balances(
      (await db.first<{ member_id: string }>("SELECT member_id FROM identities WHERE user_id = 'amy'"))?.member_id ??
        '',
    );
    await h.services.inbox.accept([
      {
        channel: 'simulator',
        userId: 'amy',
        eventId: phoneEvent?.event_id ?? '',
        occurredAt: 0,
        type: 'text',
        text: '0912345678',
      },
    ]);
    await h.services.inbox.drain();
    expect(
      await db.first('SELECT COUNT(*) AS n FROM inbox_events WHERE event_id = ?', [phoneEvent?.event_id ?? '']),
    ).toEqual({ n: 1 });
    expect(h.sender.sent.slice(sent).filter((s) => s.userId === 'amy')).toHaveLength(0);
    expect(
      await h.services.ledger.balances(
        (await db.first<{ member_id: string }>("SELECT member_id FROM identities WHERE user_id = 'amy'"))?.member_id ??
          '',
      ),
    ).toEqual(balance);
  });

  it('is a job of the list both runtimes run, on RETENTION_CRON (Node) and RETENTION_CRON_UTC (Workers)', async () => {
    const config = parseConfig({ SEED_DEMO: 'false', RETENTION_CRON: '15 4 * * *', RETENTION_CRON_UTC: '10 16 * * *' });
    const db = openSqlite({ path: ':memory:' });
    const { jobs } = await compose({ config, db, log: silentLog, defer: () => {} });
    const job = jobs.find((j) => j.name === 'inbox-retention');
    expect(job?.schedule).toEqual({ cron: '15 4 * * *', utcCron: '10 16 * * *' });
    expect(await job?.run()).toEqual({ inboxPayloads: 0, outboxBodies: 0 });
    db.close();
  });
});
