// Two OS processes on ONE SQLite file. openSqlite uses WAL, a busy timeout and BEGIN IMMEDIATE batches; these
// tests show that a second process on the same file neither overspends a wallet nor breaks the lot invariant,
// and that two processes opening (migrating) a fresh file at the same moment both come up.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/db/sqlite.js';
import { invariantViolations, ledgerFixture } from '../../support/ledger-fixture.js';
import type { OpenReport, SpendReport } from '../../support/spend-worker.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const WORKER = join(ROOT, 'test/support/spend-worker.ts');
const MIGRATIONS = join(ROOT, 'migrations');

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<unknown>;
}

/** Starts a worker; it loads, says `ready`, and waits for `go` before touching the database (spend opens it first). */
function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const lines = createInterface({ input: child.stdout });
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  const result = new Promise<unknown>((resolveResult, reject) => {
    let last: unknown;
    lines.on('line', (line) => {
      if (line === 'ready') onReady();
      else last = JSON.parse(line);
    });
    child.on('exit', (code) => {
      if (code === 0 && last !== undefined) resolveResult(last);
      else reject(new Error(`worker exited ${code}: ${stderr}`));
    });
  });
  // A worker that dies before `ready` must fail the test, not hang it.
  result.catch(() => onReady());
  return { child, ready, result };
}

async function runTogether<T>(argsList: string[][]): Promise<T[]> {
  const workers = argsList.map(startWorker);
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.child.stdin.write('go\n');
  return (await Promise.all(workers.map((w) => w.result))) as T[];
}

describe('two processes on one SQLite file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-2proc-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets exactly as many debits succeed as the balance allows, across processes', async () => {
    const path = join(dir, 'ledger.db');
    const db = openSqlite({ path, migrationsFolder: MIGRATIONS });
    const f = await ledgerFixture(db);
    const credited = await f.ledger.credit('m1', {
      key: 'seed',
      pointType: 'bonus',
      amount: 1000,
      reason: { code: 'adjustment' },
      lifetime: { kind: 'days', days: 3650 },
    });
    expect(credited.ok).toBe(true);

    const amount = 7;
    const perWorker = 150;
    const reports = await runTogether<SpendReport>([
      ['spend', path, MIGRATIONS, String(amount), String(perWorker), 'a'],
      ['spend', path, MIGRATIONS, String(amount), String(perWorker), 'b'],
    ]);

    if (process.env.TWO_PROCESS_VERBOSE)
      console.log(
        'wins per worker',
        reports.map((r) => r.ok.length),
      );
    const won = reports.reduce((n, r) => n + r.ok.length, 0);
    const refused = reports.reduce((n, r) => n + r.insufficient, 0);
    expect(reports.flatMap((r) => r.other)).toEqual([]);
    expect(won).toBe(Math.floor(1000 / amount));
    expect(won + refused).toBe(2 * perWorker);

    // The file agrees with what the workers saw: the same spends, the exact balance, lots that add up.
    const spent = await db.all<{ idempotency_key: string }>(
      "SELECT idempotency_key FROM transfers WHERE idempotency_key <> 'seed' ORDER BY idempotency_key",
    );
    expect(spent.map((r) => r.idempotency_key)).toEqual(reports.flatMap((r) => r.ok).sort());
    expect(await f.ledger.balances('m1')).toEqual([
      { pointType: 'bonus', balance: 1000 % amount, available: 1000 % amount, held: 0 },
    ]);
    expect(await invariantViolations(db)).toEqual([]);
    const sum = await db.first<{ s: number }>("SELECT SUM(balance) AS s FROM accounts WHERE point_type = 'bonus'");
    expect(sum?.s).toBe(0);
    db.close();
  });

  it('brings up two processes that open (and migrate) a fresh file at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const path = join(dir, `fresh-${round}.db`);
      const reports = await runTogether<OpenReport>([
        ['open', path, MIGRATIONS],
        ['open', path, MIGRATIONS],
      ]);
      expect(reports, `round ${round}`).toEqual([
        { opened: true, tables: 3 },
        { opened: true, tables: 3 },
      ]);
      // Every migration applied exactly once.
      const db = openSqlite({ path, migrationsFolder: MIGRATIONS });
      const applied = await db.all<{ hash: string }>('SELECT hash FROM __drizzle_migrations');
      expect(new Set(applied.map((r) => r.hash)).size).toBe(applied.length);
      db.close();
    }
  });
});
