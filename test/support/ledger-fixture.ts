import { ManualClock } from '../../src/kernel/clock.js';
import type { Database } from '../../src/kernel/database.js';
import { sqlLedgerStore } from '../../src/ledger/db/ledger-sql.js';
import { Ledger } from '../../src/ledger/service.js';

/** 2026-03-01 09:00 in Asia/Taipei: a fixed start so expiry dates are predictable. */
export const T0 = Date.UTC(2026, 2, 1, 1, 0, 0);
export const TZ = 'Asia/Taipei';

export interface LedgerFixture {
  db: Database;
  clock: ManualClock;
  ledger: Ledger;
}

export async function ledgerFixture(db: Database): Promise<LedgerFixture> {
  const clock = new ManualClock(T0);
  const ledger = new Ledger({ db, store: sqlLedgerStore(db), clock, timeZone: TZ });
  const bonus = await ledger.definePointType({
    code: 'bonus',
    names: { 'zh-TW': '紅利點數', en: 'Bonus points' },
    valueMinor: 10,
    lifetime: { kind: 'days', days: 30 },
  });
  const diamond = await ledger.definePointType({
    code: 'diamond',
    names: { 'zh-TW': '鑽石點數', en: 'Diamond points' },
    lifetime: { kind: 'never' },
  });
  if (!bonus.ok || !diamond.ok) throw new Error('fixture point types refused');
  return { db, clock, ledger };
}

/** Sum of all account balances for a point type: zero in a double-entry ledger. */
export async function balanceSum(db: Database, pointType: string): Promise<number> {
  const row = await db.first<{ s: number | null }>('SELECT SUM(balance) AS s FROM accounts WHERE point_type = ?', [
    pointType,
  ]);
  return row?.s ?? 0;
}

/** Wallets whose balance differs from the sum of their live lots, and accounts below their floor. */
export async function invariantViolations(db: Database): Promise<string[]> {
  const lotMismatch = await db.all<{ id: number }>(
    `SELECT a.id FROM accounts a WHERE a.kind = 'wallet'
       AND a.balance <> (SELECT COALESCE(SUM(remaining), 0) FROM lots WHERE account_id = a.id)`,
  );
  const negative = await db.all<{ id: number }>(
    `SELECT id FROM accounts WHERE kind IN ('wallet', 'campaign_budget') AND balance < 0`,
  );
  const lotsOutside = await db.all<{ id: number }>(
    `SELECT l.id FROM lots l JOIN accounts a ON a.id = l.account_id WHERE a.kind <> 'wallet'`,
  );
  return [
    ...lotMismatch.map((r) => `wallet ${r.id}: balance != sum of lots`),
    ...negative.map((r) => `account ${r.id}: negative`),
    ...lotsOutside.map((r) => `lot ${r.id}: outside a wallet`),
  ];
}

export async function transferCount(db: Database): Promise<number> {
  return (await db.first<{ n: number }>('SELECT COUNT(*) AS n FROM transfers'))?.n ?? 0;
}
