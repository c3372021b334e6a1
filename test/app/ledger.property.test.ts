// Random command sequences against the real Ledger on better-sqlite3 (:memory:), checked after every step
// against the ledger's invariants and a model. The properties take the database factory as a parameter, so
// they can run on D1 too: see test/support/ledger-properties.ts.
// LEDGER_PROPERTY_RUNS=n changes the number of runs; LEDGER_PROPERTY_STATS=1 prints what the runs covered.
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { ledgerFixture, transferCount } from '../support/ledger-fixture.js';
import { coverage, ledgerProperties } from '../support/ledger-properties.js';

const numRuns = Number(process.env.LEDGER_PROPERTY_RUNS ?? 250);

ledgerProperties('better-sqlite3', async () => openSqlite({ path: ':memory:' }), { numRuns });

afterAll(() => {
  if (process.env.LEDGER_PROPERTY_STATS) console.log(Object.fromEntries([...coverage].sort()));
});

// Found by the properties: the guards run before the key's uniqueness, so these replays used to come back as
// insufficient_points and already_reversed instead of the first result.
describe('replays that a guard would refuse today', () => {
  const reason = { code: 'coupon' as const };
  it('returns the first result for a spend whose points are gone and for a reversal already applied', async () => {
    const f = await ledgerFixture(openSqlite({ path: ':memory:' }));
    await f.ledger.credit('m1', { key: 'c', pointType: 'bonus', amount: 100, reason });
    const spend = await f.ledger.debit('m1', { key: 'd', pointType: 'bonus', amount: 80, reason });
    if (!spend.ok) throw new Error(spend.error.code);
    expect(await f.ledger.debit('m1', { key: 'd', pointType: 'bonus', amount: 80, reason })).toEqual({
      ok: true,
      value: { transfer: spend.value.transfer, replayed: true },
    });
    expect(await f.ledger.debit('m1', { key: 'd', pointType: 'bonus', amount: 81, reason })).toMatchObject({
      ok: false,
      error: { code: 'idempotency_conflict' },
    });
    const rev = await f.ledger.reverse(spend.value.transfer.id, { key: 'r' });
    if (!rev.ok) throw new Error(rev.error.code);
    expect(await f.ledger.reverse(spend.value.transfer.id, { key: 'r' })).toEqual({
      ok: true,
      value: { transfer: rev.value.transfer, replayed: true },
    });
    expect(await transferCount(f.db)).toBe(3);
  });
});
