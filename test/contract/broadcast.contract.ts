// Broadcast guarantees that live in the database, run unchanged on better-sqlite3 and on D1 under workerd: the
// frozen audience, batches formed once under concurrency (two senders on one broadcast), each member sent once,
// skip reasons, and the guard triggers. The transport is an in-memory stand-in with LINE's retry-key semantics
// (the real SDK against the fake LINE API is exercised in test/app/broadcasts.test.ts and the e2e tests).
import { beforeEach, describe, expect, it } from 'vitest';
import { sqlBroadcastStore } from '../../src/broadcasts/db/broadcast-sql.js';
import type { MulticastOutcome, MulticastSender } from '../../src/broadcasts/multicast.js';
import { BroadcastService } from '../../src/broadcasts/service.js';
import { systemClock } from '../../src/kernel/clock.js';
import { type Database, stmt } from '../../src/kernel/database.js';
import { sqlReserveSlot } from '../../src/kernel/db/rate-limit-sql.js';
import { randomIds } from '../../src/kernel/ids.js';
import { SharedRateLimiter } from '../../src/kernel/rate-limit.js';
import { silentLog } from '../support/chat-harness.js';
import { seedLineMembers } from '../support/seed-members.js';

/** Accepts a retry key once (a repeat is answered like LINE's 409: already accepted); can fail the first calls. */
class LineLikeMulticast implements MulticastSender {
  readonly maxRecipients = 500;
  readonly received = new Map<string, number>();
  readonly keys = new Set<string>();
  calls = 0;
  constructor(private failFirst = 0) {}
  async multicast(userIds: readonly string[], _replies: unknown, retryKey: string): Promise<MulticastOutcome> {
    this.calls++;
    await new Promise((r) => setTimeout(r, 1));
    if (this.failFirst > 0) {
      this.failFirst--;
      return { status: 'retry', error: 'LINE 500' };
    }
    if (this.keys.has(retryKey)) return { status: 'sent' };
    this.keys.add(retryKey);
    for (const u of userIds) this.received.set(u, (this.received.get(u) ?? 0) + 1);
    return { status: 'sent' };
  }
}

function service(db: Database, line: MulticastSender, concurrency = 3, unitsPerRun = 0) {
  return new BroadcastService({
    db,
    store: sqlBroadcastStore(db),
    clock: systemClock,
    ids: randomIds,
    log: silentLog,
    line,
    limiter: new SharedRateLimiter({ name: 'line_multicast', perSecond: 10_000, reserve: sqlReserveSlot(db) }),
    deliverOutbox: async () => {},
    settings: { frequencyCap: 3, concurrency, maxAttempts: 5, backoffMs: 1, unitsPerRun },
  });
}

export function broadcastContract(driver: string, makeDb: () => Promise<Database>): void {
  describe(`broadcast contract on ${driver}`, () => {
    let db: Database;
    beforeEach(async () => {
      db = await makeDb();
    });

    async function newBroadcast(s: BroadcastService) {
      await s.defineSegment('all', 'Everyone', { reachableOnly: false });
      const r = await s.create({ name: 'b', segment: 'all', content: { default: { type: 'text', text: 'hi' } } }, 't');
      if (!r.ok) throw new Error(r.error.code);
      return r.value.id;
    }

    it('two senders on one broadcast form each batch once: 1,200 members in 3 multicasts, each once', async () => {
      await seedLineMembers(db, 1200);
      const line = new LineLikeMulticast(2);
      const a = service(db, line);
      const id = await newBroadcast(a);
      // Two "processes": separate services, so only the database keeps them apart.
      const [pa, pb] = await Promise.all([a.run(id), service(db, line).run(id)]);
      expect(line.keys.size).toBe(3);
      expect(line.received.size).toBe(1200);
      expect([...line.received.values()].every((n) => n === 1)).toBe(true);
      for (const p of [pa, pb]) expect(p.total).toBe(1200);
      expect(await a.progress(id)).toMatchObject({ sent: 1200, queued: 0, batches: { sent: 3, pending: 0 } });
      expect((await a.get(id))?.status).toBe('done');
    });

    it('freezes the audience once, with skip reasons, and a second freeze changes nothing', async () => {
      await seedLineMembers(db, 20, (i) => ({ optedOut: i < 3, reachable: i < 3 || i >= 8 }));
      const s = service(db, new LineLikeMulticast());
      const id = await newBroadcast(s);
      expect(await s.preview({ reachableOnly: false })).toEqual({
        members: 20,
        sendable: 12,
        skipped: { opted_out: 3, frequency_cap: 0, unreachable: 5 },
      });
      await s.run(id);
      const store = sqlBroadcastStore(db);
      const refreeze = await db.batch(
        store.freeze({ broadcastId: id, filter: { reachableOnly: false }, now: Date.now(), frequencyCap: 3 }),
      );
      expect(refreeze.ok).toBe(true);
      expect(await s.progress(id)).toMatchObject({
        total: 20,
        sent: 12,
        skipped: { opted_out: 3, unreachable: 5, frequency_cap: 0, cancelled: 0 },
      });
    });

    it('guards: outcomes are final, status only moves forward, the audience only joins while sending, the audit log is append-only', async () => {
      await seedLineMembers(db, 3);
      const s = service(db, new LineLikeMulticast());
      const id = await newBroadcast(s);
      // Not sending yet: nobody may join the audience.
      expect(
        await db.batch([
          stmt(
            `INSERT INTO broadcast_recipients (broadcast_id, member_id, channel, user_id, language, status, created_at)
             VALUES (?, 'm0', 'line', 'U0', 'en', 'queued', 0)`,
            id,
          ),
        ]),
      ).toEqual({ ok: false, error: { kind: 'refused', code: 'broadcast_not_sending' } });
      await s.run(id);
      expect(
        await db.batch([stmt("UPDATE broadcast_recipients SET status = 'queued' WHERE broadcast_id = ?", id)]),
      ).toEqual({
        ok: false,
        error: { kind: 'refused', code: 'recipient_final' },
      });
      expect(await db.batch([stmt("UPDATE broadcasts SET status = 'sending' WHERE id = ?", id)])).toEqual({
        ok: false,
        error: { kind: 'refused', code: 'broadcast_status' },
      });
      expect(
        await db.batch([stmt("UPDATE broadcast_batches SET status = 'pending' WHERE broadcast_id = ?", id)]),
      ).toEqual({
        ok: false,
        error: { kind: 'refused', code: 'batch_final' },
      });
      // The same member twice in one broadcast: the UNIQUE key.
      const dup = await db.batch([stmt("UPDATE broadcasts SET status = 'cancelled' WHERE id = ?", id)]);
      expect(dup).toEqual({ ok: false, error: { kind: 'refused', code: 'broadcast_status' } });
      await db.batch([
        stmt(
          "INSERT INTO audit_log (actor, role, method, path, status, at) VALUES ('t', 'owner', 'POST', '/x', 200, 1)",
        ),
      ]);
      expect(await db.batch([stmt('DELETE FROM audit_log')])).toEqual({
        ok: false,
        error: { kind: 'refused', code: 'audit_append_only' },
      });
      expect(await db.batch([stmt("UPDATE audit_log SET actor = 'x'")])).toEqual({
        ok: false,
        error: { kind: 'refused', code: 'audit_append_only' },
      });
    });

    async function startedWithOneBatch(s: BroadcastService, members: number) {
      await seedLineMembers(db, members);
      const id = await newBroadcast(s);
      const store = sqlBroadcastStore(db);
      const segment = await store.segment('all');
      if (!segment) throw new Error('segment');
      await db.batch(store.freeze({ broadcastId: id, filter: segment.filter, now: Date.now(), frequencyCap: 3 }));
      const key = crypto.randomUUID();
      await db.batch(store.formBatch(id, 'en', key, 500, Date.now()));
      return { id, key, store };
    }

    it('cancel: a formed batch LINE surely does not have is dropped, the rest skipped, nothing sent', async () => {
      // Formed, then the sender died before calling LINE (in_doubt is still 0): cancel drops it.
      const line = new LineLikeMulticast();
      const s = service(db, line, 1);
      const { id } = await startedWithOneBatch(s, 1500);
      expect((await s.cancel(id)).ok).toBe(true);
      const p = await s.run(id);
      expect(p).toMatchObject({ total: 1500, sent: 0, queued: 0, skipped: { cancelled: 1500 } });
      expect(line.calls).toBe(0);
      expect((await s.cancel(id)).ok).toBe(true);
    });

    it('cancel: a batch whose call may have reached LINE is finished with its key, so the report stays exact', async () => {
      // The call went out (in_doubt = 1) and LINE took it, but the answer was lost: the retry gets LINE's 409.
      const line = new LineLikeMulticast();
      const s = service(db, line, 1);
      const { id, key, store } = await startedWithOneBatch(s, 1500);
      await db.batch([store.batchInDoubt(key)]);
      const batch = await store.batch(key);
      if (!batch) throw new Error('batch');
      await line.multicast(batch.userIds, [], key);
      expect((await s.cancel(id)).ok).toBe(true);
      const p = await s.run(id);
      expect(p).toMatchObject({ total: 1500, sent: 500, queued: 0, skipped: { cancelled: 1000 } });
      expect(line.received.size).toBe(500);
      expect([...line.received.values()].every((n) => n === 1)).toBe(true);
    });

    /** Runs a broadcast whose first multicast is answered `answer` while staff cancel it. */
    async function cancelDuringError(answer: 429 | 500) {
      const line = new LineLikeMulticast();
      let broadcastId = '';
      let service_: BroadcastService | undefined;
      const erring: MulticastSender = {
        maxRecipients: 500,
        multicast: async (ids, replies, key) => {
          if (line.calls > 0 || !service_) return line.multicast(ids, replies, key);
          line.calls++;
          await service_.cancel(broadcastId);
          return answer === 429
            ? { status: 'retry', error: 'LINE 429', notTaken: true }
            : { status: 'retry', error: 'LINE 500' };
        },
      };
      service_ = service(db, erring, 1);
      const { id } = await startedWithOneBatch(service_, 700);
      broadcastId = id;
      return { progress: await service_.run(id), line };
    }

    it('cancel during a 429 storm drops the batch in backoff: LINE refused it, so nobody got it', async () => {
      const { progress, line } = await cancelDuringError(429);
      expect(progress).toMatchObject({ total: 700, sent: 0, queued: 0, skipped: { cancelled: 700 } });
      expect(line.received.size).toBe(0);
    });

    it('cancel after a 5xx finishes that batch with its key (LINE may have it), and skips the rest', async () => {
      const { progress, line } = await cancelDuringError(500);
      expect(progress).toMatchObject({ total: 700, sent: 500, queued: 0, skipped: { cancelled: 200 } });
      expect(line.received.size).toBe(500);
    });

    it('does at most unitsPerRun batches a run (a Workers cron invocation), and the next run goes on', async () => {
      await seedLineMembers(db, 1500);
      const line = new LineLikeMulticast();
      const s = service(db, line, 3, 2);
      const id = await newBroadcast(s);
      expect(await s.runDue()).toBe(1);
      const store = sqlBroadcastStore(db);
      expect(await s.progress(id)).toMatchObject({ total: 1500, sent: 1000, queued: 500 });
      expect((await store.broadcast(id))?.status).toBe('sending');
      expect(line.calls).toBe(2);
      await s.runDue();
      expect(await s.progress(id)).toMatchObject({ total: 1500, sent: 1500, queued: 0 });
      expect((await store.broadcast(id))?.status).toBe('done');
      expect([...line.received.values()].every((n) => n === 1)).toBe(true);
    });

    it('shares the LINE rate limit between processes: concurrent reservations get distinct slots an interval apart', async () => {
      // Two reservers on one database stand for the server and a CLI sender (or two Workers cron runs).
      const server = sqlReserveSlot(db);
      const cli = sqlReserveSlot(db);
      const nowUs = 1_000_000_000;
      const slots = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? server : cli)('line_multicast', nowUs, 50_000, 100_000)),
      );
      expect(new Set(slots).size).toBe(20);
      // Idle limit: a burst of three slots (tolerance / interval + 1) at or before now, then one every 50 ms.
      expect([...slots].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => nowUs - 100_000 + i * 50_000),
      );
      // Once the reserved slots are long past, a caller starts a new burst instead of queueing behind them.
      expect(await server('line_multicast', nowUs + 60_000_000, 50_000, 100_000)).toBe(nowUs + 60_000_000 - 100_000);
    });

    it('makes a taker sleep until its slot: a burst at once, then one call per interval', async () => {
      const waits: number[] = [];
      const limiter = new SharedRateLimiter({
        name: 'probe',
        perSecond: 10,
        burst: 2,
        reserve: sqlReserveSlot(db),
        now: () => 5_000,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      for (let i = 0; i < 5; i++) await limiter.take();
      expect(waits).toEqual([100, 200, 300]);
    });
  });
}
