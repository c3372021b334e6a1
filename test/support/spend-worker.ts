// A child process for test/adapters/db/two-process.test.ts. Loads everything, opens nothing, prints `ready`,
// waits for `go` on stdin (so two workers start at the same instant), then:
//   spend <db> <migrations> <amount> <count> <prefix>  fires <count> debits of <amount> at wallet `m1` (bonus)
//   open  <db> <migrations>                            only opens the file (applying migrations) and checks it
// and prints one JSON line with what happened. Run with `node --import tsx test/support/spend-worker.ts ...`.
import { createInterface } from 'node:readline';
import { openSqlite } from '../../src/db/sqlite.js';
import { systemClock } from '../../src/kernel/clock.js';
import { sqlLedgerStore } from '../../src/ledger/db/ledger-sql.js';
import { Ledger } from '../../src/ledger/service.js';

export interface SpendReport {
  readonly ok: string[];
  insufficient: number;
  /** Any other refusal code, or a thrown error's message. */
  readonly other: string[];
}

export interface OpenReport {
  readonly opened: boolean;
  readonly error?: string;
  readonly tables?: number;
}

async function waitForGo(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  for await (const line of lines) {
    if (line.trim() === 'go') break;
  }
  lines.close();
}

async function spend(path: string, migrationsFolder: string, amount: number, count: number, prefix: string) {
  const db = openSqlite({ path, migrationsFolder });
  const ledger = new Ledger({ db, store: sqlLedgerStore(db), clock: systemClock, timeZone: 'Asia/Taipei' });
  await waitForGo();
  const report: SpendReport = { ok: [], insufficient: 0, other: [] };
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const key = `${prefix}:${i}`;
      try {
        const r = await ledger.debit('m1', { key, pointType: 'bonus', amount, reason: { code: 'coupon' } });
        if (r.ok && !r.value.replayed) report.ok.push(key);
        else if (r.ok) report.other.push(`${key}: replayed`);
        else if (r.error.code === 'insufficient_points') report.insufficient++;
        else report.other.push(`${key}: ${r.error.code}`);
      } catch (e) {
        report.other.push(`${key}: threw ${e instanceof Error ? `${e.message} / ${String(e.cause)}` : String(e)}`);
      }
    }),
  );
  db.close();
  return report;
}

async function open(path: string, migrationsFolder: string): Promise<OpenReport> {
  await waitForGo();
  try {
    const db = openSqlite({ path, migrationsFolder });
    const row = await db.first<{ n: number }>(
      "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('accounts', 'transfers', 'lots')",
    );
    db.close();
    return { opened: true, tables: row?.n ?? 0 };
  } catch (e) {
    return { opened: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const [mode, path, migrations, ...rest] = process.argv.slice(2);
if (!path || !migrations) throw new Error('usage: spend-worker.ts spend|open <db> <migrations> ...');
const result =
  mode === 'spend'
    ? await spend(path, migrations, Number(rest[0]), Number(rest[1]), rest[2] ?? 'w')
    : await open(path, migrations);
process.stdout.write(`${JSON.stringify(result)}\n`);
