// How the ledger posts a transfer (migrations/0026_ledger_lot_totals.sql, 0027_ledger_posting_split.sql), run on
// better-sqlite3 (test/adapters/db/ledger-posting.sqlite.test.ts) and on D1 (test/workers/ledger-posting.d1.test.ts):
// each wallet's lot total follows its lots through every kind of transfer, the posting triggers still refuse a
// wallet whose balance and lots disagree, the schema change works on a database that already holds transfers,
// and a transfer's record comes back from its insert without a read after the commit.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database, Row, SqlValue } from '../../src/kernel/database.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { sqlLedgerStore } from '../../src/ledger/db/ledger-sql.js';
import { campaignBudget, ISSUANCE, REDEMPTION, wallet } from '../../src/ledger/domain/accounts.js';
import { Ledger, type MoveCommand } from '../../src/ledger/service.js';
import { invariantViolations, type LedgerFixture, ledgerFixture, TZ } from '../support/ledger-fixture.js';

const reason = { code: 'adjustment' as const, params: { note: 'posting' } };

/** Accounts whose lot_total is not the sum of their lots' remaining points. */
export async function lotTotalMismatches(db: Database): Promise<Row[]> {
  return db.all(
    `SELECT a.id, a.kind, a.owner, a.balance, a.lot_total,
       (SELECT COALESCE(SUM(l.remaining), 0) FROM lots l WHERE l.account_id = a.id) AS lots
     FROM accounts a WHERE a.lot_total <> (SELECT COALESCE(SUM(l.remaining), 0) FROM lots l WHERE l.account_id = a.id)`,
  );
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }, what: string): T {
  if (!r.ok) throw new Error(`${what} refused: ${r.error.code}`);
  return r.value;
}

/** Credits with and without expiry, spends across lots, a gift, reversals of a spend and of a credit, a budget
 * funded and claimed from, and two expiry sweeps: every path of the posting triggers. */
export async function everyKindOfTransfer(f: LedgerFixture): Promise<void> {
  const { ledger, clock } = f;
  must(await ledger.credit('m1', { key: 'c1', pointType: 'bonus', amount: 100, reason }), 'credit');
  must(
    await ledger.credit('m1', { key: 'c2', pointType: 'bonus', amount: 50, reason, lifetime: { kind: 'never' } }),
    'credit',
  );
  const short = must(
    await ledger.credit('m2', {
      key: 'c3',
      pointType: 'bonus',
      amount: 40,
      reason,
      lifetime: { kind: 'days', days: 5 },
    }),
    'credit',
  );
  must(await ledger.credit('m4', { key: 'c4', pointType: 'diamond', amount: 7, reason }), 'credit');
  clock.advance(DAY_MS);
  const spend = must(await ledger.debit('m1', { key: 'd1', pointType: 'bonus', amount: 120, reason }), 'debit');
  must(await ledger.transferBetween('m1', 'm2', { key: 'g1', pointType: 'bonus', amount: 20, reason }), 'gift');
  must(await ledger.reverse(spend.transfer.id, { key: 'r1' }), 'reversal of a spend');
  must(await ledger.reverse(short.transfer.id, { key: 'r2' }), 'reversal of a credit');
  must(await ledger.openAccount(campaignBudget('summer'), 'bonus'), 'budget');
  const fund: MoveCommand = {
    key: 'f1',
    pointType: 'bonus',
    from: ISSUANCE,
    to: campaignBudget('summer'),
    amount: 100,
    reason,
  };
  must(await ledger.move(fund), 'fund');
  must(
    await ledger.move({ ...fund, key: 'cl1', from: campaignBudget('summer'), to: wallet('m3'), amount: 30 }),
    'claim',
  );
  must(
    await ledger.credit('m2', {
      key: 'c5',
      pointType: 'bonus',
      amount: 15,
      reason,
      lifetime: { kind: 'days', days: 2 },
    }),
    'credit',
  );
  clock.advance(3 * DAY_MS);
  expect((await ledger.expire()).lotsExpired).toBeGreaterThan(0);
  clock.advance(40 * DAY_MS);
  expect((await ledger.expire()).lotsExpired).toBeGreaterThan(0);
  must(await ledger.debit('m1', { key: 'd2', pointType: 'bonus', amount: 10, reason }), 'debit');
}

/** A Database that counts the reads made through it (the batches go through untouched). */
function countingReads(db: Database): { db: Database; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    db: {
      batch: (statements) => db.batch(statements),
      all: <T = Row>(sql: string, params?: readonly SqlValue[]) => {
        reads++;
        return db.all<T>(sql, params);
      },
      first: <T = Row>(sql: string, params?: readonly SqlValue[]) => {
        reads++;
        return db.first<T>(sql, params);
      },
    },
  };
}

export function ledgerPostingContract(driver: string, makeDb: () => Promise<Database>): void {
  describe(`ledger posting on ${driver}`, () => {
    let f: LedgerFixture;
    beforeEach(async () => {
      f = await ledgerFixture(await makeDb());
    });

    it("keeps each wallet's lot total equal to the sum of its lots through every kind of transfer", async () => {
      await everyKindOfTransfer(f);
      expect(await lotTotalMismatches(f.db)).toEqual([]);
      expect(await invariantViolations(f.db)).toEqual([]);
    });

    it('refuses any transfer of a wallet whose lots, balance or lot total were changed by hand', async () => {
      for (const m of ['m1', 'm2', 'm3', 'm4']) {
        must(await f.ledger.credit(m, { key: `seed:${m}`, pointType: 'bonus', amount: 100, reason }), 'credit');
      }
      const id = async (m: string) =>
        (await f.db.first<{ id: number }>("SELECT id FROM accounts WHERE kind = 'wallet' AND owner = ?", [m]))?.id;
      for (const [m, sql] of [
        ['m1', 'UPDATE lots SET remaining = remaining - 1 WHERE account_id = ?'],
        ['m2', 'UPDATE accounts SET balance = balance + 1 WHERE id = ?'],
        ['m3', 'UPDATE accounts SET lot_total = lot_total + 1 WHERE id = ?'],
      ] as const) {
        expect((await f.db.batch([{ sql, params: [(await id(m)) ?? -1] }])).ok, sql).toBe(true);
      }
      for (const m of ['m1', 'm2', 'm3']) {
        for (const cmd of [
          { key: `c:${m}`, from: ISSUANCE, to: wallet(m) },
          { key: `d:${m}`, from: wallet(m), to: REDEMPTION },
        ]) {
          const prepared = must(await f.ledger.prepare({ ...cmd, pointType: 'bonus', amount: 1, reason }), 'prepare');
          expect(await f.db.batch(prepared.statements), `${m} ${cmd.key}`).toEqual({
            ok: false,
            error: { kind: 'refused', code: 'lot_invariant_violated' },
          });
        }
      }
      // The wallet nobody touched is served as before.
      must(await f.ledger.debit('m4', { key: 'd:m4', pointType: 'bonus', amount: 1, reason }), 'debit');
    });

    it('returns what a read of the transfer returns, with no read after the commit', async () => {
      const counted = countingReads(f.db);
      const ledger = new Ledger({ db: counted.db, store: sqlLedgerStore(counted.db), clock: f.clock, timeZone: TZ });
      must(await ledger.openAccount(campaignBudget('b'), 'bonus'), 'budget');
      await ledger.pointTypes(); // the point types are read once and kept for a while
      const commands: MoveCommand[] = [
        { key: 'k1', pointType: 'bonus', from: ISSUANCE, to: wallet('m1'), amount: 80, reason },
        {
          key: 'k2',
          pointType: 'bonus',
          from: ISSUANCE,
          to: wallet('m1'),
          amount: 5,
          reason: { code: 'checkin' },
          lifetime: { kind: 'never' },
        },
        { key: 'k3', pointType: 'diamond', from: ISSUANCE, to: wallet('m2'), amount: 3, reason },
        { key: 'k4', pointType: 'bonus', from: wallet('m1'), to: REDEMPTION, amount: 30, reason },
        { key: 'k5', pointType: 'bonus', from: wallet('m1'), to: wallet('m2'), amount: 10, reason },
        { key: 'k6', pointType: 'bonus', from: ISSUANCE, to: campaignBudget('b'), amount: 50, reason },
        { key: 'k7', pointType: 'bonus', from: campaignBudget('b'), to: wallet('m3'), amount: 20, reason },
      ];
      for (const cmd of commands) {
        const before = counted.reads();
        const outcome = must(await ledger.move(cmd), cmd.key);
        expect(counted.reads() - before, `${cmd.key}: reads`).toBe(0);
        expect(outcome.replayed).toBe(false);
        expect(outcome.transfer, cmd.key).toStrictEqual(await f.ledger.transferByKey(cmd.key));
      }
      const rev = must(await ledger.reverse((await f.ledger.transferByKey('k4'))?.id ?? -1, { key: 'k8' }), 'reverse');
      expect(rev.transfer).toStrictEqual(await f.ledger.transferByKey('k8'));
    });
  });
}

/**
 * The lot-total migration on a database that already holds transfers: `before` is migrated up to, not including,
 * migrations/*_ledger_lot_totals; `after()` applies the rest to the same database and opens it.
 */
/**
 * The point types' unit columns (migrations/0029_point_type_units.sql): the database before the lot totals lacks
 * them but today's Ledger writes them, so the setup adds them for the fixture and drops them before migrating on.
 */
export const UNIT_COLUMNS = {
  add: ['unit_zh_tw', 'unit_en_one', 'unit_en_other'].map(
    (c) => `ALTER TABLE point_types ADD COLUMN ${c} text NOT NULL DEFAULT 'x'`,
  ),
  drop: ['unit_zh_tw', 'unit_en_one', 'unit_en_other'].map((c) => `ALTER TABLE point_types DROP COLUMN ${c}`),
};

export function lotTotalMigrationContract(
  driver: string,
  setup: () => Promise<{ before: Database; after: () => Promise<Database> }>,
): void {
  describe(`the lot-total migration on ${driver}`, () => {
    it('fills every lot total from the lots already there, and posting goes on', async () => {
      const { before, after } = await setup();
      const f = await ledgerFixture(before);
      await everyKindOfTransfer(f);
      const balances = await before.all('SELECT id, balance FROM accounts ORDER BY id');
      const db = await after();
      expect(await lotTotalMismatches(db)).toEqual([]);
      expect(await db.all('SELECT id, balance FROM accounts ORDER BY id')).toEqual(balances);
      const ledger = new Ledger({ db, store: sqlLedgerStore(db), clock: f.clock, timeZone: TZ });
      for (const m of ['m1', 'm2', 'm3']) {
        must(await ledger.credit(m, { key: `after:c:${m}`, pointType: 'bonus', amount: 9, reason }), 'credit');
        must(await ledger.debit(m, { key: `after:d:${m}`, pointType: 'bonus', amount: 4, reason }), 'debit');
      }
      expect(await lotTotalMismatches(db)).toEqual([]);
      expect(await invariantViolations(db)).toEqual([]);
      // Point types that were there before the unit words count in 點 / point, points.
      const units = (await ledger.pointTypes()).map((p) => p.units);
      expect(units.length).toBeGreaterThan(0);
      for (const u of units) expect(u).toEqual({ 'zh-TW': '點', en: { one: 'point', other: 'points' } });
    });
  });
}
