// The Workers entry point itself, under workerd with local D1: HTTP through SELF, and the cron handler.
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Database } from '../../src/kernel/database.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { sqlLedgerStore } from '../../src/ledger/db/ledger-sql.js';
import { Ledger } from '../../src/ledger/service.js';
import worker, { resetWorkerForTests } from '../../src/main/worker.js';
import { freshD1 } from './fresh-d1.js';

const SWEEP_CRON = '10 16 * * *';

describe('the worker', () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });

  it('answers HTTP through the same Hono app (health, admin auth, store auth)', async () => {
    expect(await (await SELF.fetch('https://pointloop.test/health')).json()).toEqual({ ok: true });
    expect((await SELF.fetch('https://pointloop.test/admin/catalog')).status).toBe(401);
    const store = await SELF.fetch('https://pointloop.test/api/store/coupons/ABC/redeem', { method: 'POST' });
    expect(store.status).toBe(401);
    expect(await store.json()).toMatchObject({ error: 'invalid_store_key' });
    const unknown = await SELF.fetch('https://pointloop.test/nope');
    expect(unknown.status).toBe(404);
  });

  it('runs the expiry sweep from the cron trigger, and a second run changes nothing', async () => {
    // Points credited 40 days ago with a 30-day lifetime: expired, waiting for the sweep.
    const clock = new ManualClock(Date.now() - 40 * DAY_MS);
    const ledger = new Ledger({ db, store: sqlLedgerStore(db), clock, timeZone: 'Asia/Taipei' });
    await ledger.definePointType({
      code: 'bonus',
      names: { 'zh-TW': '紅利', en: 'Bonus' },
      lifetime: { kind: 'days', days: 30 },
    });
    for (const m of ['a', 'b', 'c']) {
      await ledger.credit(m, { key: `seed:${m}`, pointType: 'bonus', amount: 100, reason: { code: 'adjustment' } });
    }
    const sweep = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: SWEEP_CRON, scheduledTime: Date.now() }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await sweep();
    const expired = await db.all<{ n: number; s: number }>(
      "SELECT COUNT(*) AS n, SUM(amount) AS s FROM transfers WHERE reason_code = 'expired'",
    );
    expect(expired).toEqual([{ n: 3, s: 300 }]);
    await sweep();
    expect(await db.first("SELECT COUNT(*) AS n FROM transfers WHERE reason_code = 'expired'")).toEqual({ n: 3 });
    expect(await db.first("SELECT SUM(balance) AS s FROM accounts WHERE kind = 'wallet'")).toEqual({ s: 0 });
  });
});
