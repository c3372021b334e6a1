// Ledger benchmark on a temporary SQLite file (better-sqlite3, WAL, synchronous NORMAL, as openSqlite sets up).
//
//   npx tsx bench/ledger.ts [--transfers 1000000] [--members 10000] [--ops 20000] [--reads 20000]
//                           [--raw 100000] [--rounds 10] [--dir /tmp] [--keep]
//
// 1. Seeds --transfers real transfers among --members wallets: the very INSERT statements the ledger store builds,
//    run through raw better-sqlite3 in large transactions, so every row passes the guards and posting triggers.
// 2. Measures (a) Ledger.credit / Ledger.debit transfers per second (the real path: one atomic batch each),
//    (b) Ledger.balances and (c) Ledger.history (limit 10) latency p50/p99, and (d) as a baseline, raw
//    single-statement INSERTs per second into a plain table on a file with the same pragmas, each its own
//    (autocommit) transaction. (a) and (d) take turns in --rounds rounds (a tenth of each, then the next tenth),
//    so the ratio compares the two under the same load; it is also printed per round (min / median / max).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { openSqlite } from '../src/db/sqlite.js';
import { systemClock } from '../src/kernel/clock.js';
import type { SqlValue } from '../src/kernel/database.js';
import { DAY_MS } from '../src/kernel/time.js';
import { sqlLedgerStore } from '../src/ledger/db/ledger-sql.js';
import { ISSUANCE, REDEMPTION, wallet } from '../src/ledger/domain/accounts.js';
import { Ledger } from '../src/ledger/service.js';
import type { NewTransfer } from '../src/ledger/store.js';

const { values: args } = parseArgs({
  options: {
    transfers: { type: 'string', default: '1000000' },
    members: { type: 'string', default: '10000' },
    ops: { type: 'string', default: '20000' },
    reads: { type: 'string', default: '20000' },
    raw: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '10' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const TRANSFERS = positive('transfers');
const MEMBERS = positive('members');
const OPS = positive('ops');
const READS = positive('reads');
const RAW = positive('raw');
const ROUNDS = positive('rounds');
const MIGRATIONS = resolve(import.meta.dirname, '../migrations');
const SEED_TX = 50_000;

function positive(name: keyof typeof args): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

/** A small deterministic PRNG, so two runs seed the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) as number;
  };
}

const memberId = (i: number) => `m${String(i).padStart(6, '0')}`;
const log = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const seconds = (ns: bigint) => Number(ns) / 1e9;

function percentiles(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** (d): a plain table on its own file, with the pragmas openSqlite sets; every INSERT its own (autocommit) transaction. */
function openRawBaseline(path: string) {
  const raw = new BetterSqlite3(path);
  raw.pragma('busy_timeout = 5000');
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v INTEGER NOT NULL, created_at INTEGER)');
  return { insert: raw.prepare('INSERT INTO items (k, v, created_at) VALUES (?, ?, ?)'), close: () => raw.close() };
}

async function main() {
  const dir = mkdtempSync(join(args.dir ?? tmpdir(), 'pointloop-bench-'));
  const ledgerPath = join(dir, 'ledger.db');
  const rawPath = join(dir, 'raw.db');
  log(`pointloop ledger bench: ${fmt(TRANSFERS)} seeded transfers, ${fmt(MEMBERS)} members, files in ${dir}`);
  try {
    const db = openSqlite({ path: ledgerPath, migrationsFolder: MIGRATIONS });
    const store = sqlLedgerStore(db);
    const ledger = new Ledger({ db, store, clock: systemClock, timeZone: 'Asia/Taipei' });
    const defined = await ledger.definePointType({
      code: 'bonus',
      names: { 'zh-TW': '紅利點數', en: 'Bonus points' },
      valueMinor: 10,
      lifetime: { kind: 'days', days: 365 },
    });
    if (!defined.ok) throw new Error(defined.error.message);

    // --- Seed ---------------------------------------------------------------------------------------------------
    const seedStart = process.hrtime.bigint();
    const t0 = Date.now() - 30 * DAY_MS;
    const openAll = db.raw.transaction(() => {
      const s = store.openAccount(wallet(memberId(0)), 'bonus', t0);
      const prepared = db.raw.prepare(s.sql);
      for (let i = 0; i < MEMBERS; i++) {
        prepared.run(...(store.openAccount(wallet(memberId(i)), 'bonus', t0).params as SqlValue[]));
      }
    });
    openAll();
    const sample: NewTransfer = {
      key: 'x',
      pointType: 'bonus',
      debit: ISSUANCE,
      credit: wallet('x'),
      amount: 1,
      reason: { code: 'checkin' },
      createdAt: t0,
    };
    const insert = db.raw.prepare(store.insertTransfer(sample).sql);
    const balances = new Int32Array(MEMBERS);
    const rand = rng(42);
    let seeded = 0;
    let credits = 0;
    const seedBatch = db.raw.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const m = rand(MEMBERS);
        const balance = balances[m] ?? 0;
        // About 60% credits (lots that live a year or never expire), 40% spends of what is there.
        const spend = balance > 0 && rand(10) < 4;
        const amount = spend ? 1 + rand(Math.min(balance, 200)) : 10 + rand(91);
        const createdAt = t0 + Math.floor((i / TRANSFERS) * 29 * DAY_MS);
        const t: NewTransfer = spend
          ? {
              key: `seed:${i}`,
              pointType: 'bonus',
              debit: wallet(memberId(m)),
              credit: REDEMPTION,
              amount,
              reason: { code: 'coupon', params: { item: 'Latte' } },
              createdAt,
            }
          : {
              key: `seed:${i}`,
              pointType: 'bonus',
              debit: ISSUANCE,
              credit: wallet(memberId(m)),
              amount,
              reason: { code: 'checkin', params: {} },
              lotExpiresAt: rand(4) === 0 ? null : createdAt + 365 * DAY_MS,
              createdAt,
            };
        insert.run(...(store.insertTransfer(t).params as SqlValue[]));
        balances[m] = balance + (spend ? -amount : amount);
        if (!spend) credits++;
      }
    });
    let lastReport = 0;
    while (seeded < TRANSFERS) {
      const to = Math.min(TRANSFERS, seeded + SEED_TX);
      seedBatch(seeded, to);
      seeded = to;
      if (seeded - lastReport >= 100_000 || seeded === TRANSFERS) {
        lastReport = seeded;
        const el = seconds(process.hrtime.bigint() - seedStart);
        const rate = seeded / el;
        log(
          `  seeded ${fmt(seeded).padStart(9)} / ${fmt(TRANSFERS)}  ${fmt(rate)} transfers/s  ` +
            `${fmt(el, 1)} s elapsed, ~${fmt((TRANSFERS - seeded) / rate, 0)} s left`,
        );
      }
    }
    const seedSeconds = seconds(process.hrtime.bigint() - seedStart);
    const check = db.raw
      .prepare(
        `SELECT (SELECT COUNT(*) FROM transfers) AS transfers, (SELECT SUM(balance) FROM accounts) AS total,
           (SELECT COUNT(*) FROM lots) AS lots, (SELECT COUNT(*) FROM lot_movements) AS movements`,
      )
      .get() as { transfers: number; total: number; lots: number; movements: number };
    if (check.transfers !== TRANSFERS || check.total !== 0)
      throw new Error(`seed check failed: ${JSON.stringify(check)}`);
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
    log(
      `  seed done: ${fmt(check.transfers)} transfers (${fmt(credits)} credits), ${fmt(check.lots)} lots, ` +
        `${fmt(check.movements)} lot movements, balances sum to ${check.total}, ` +
        `${fmt(statSync(ledgerPath).size / 1e6, 0)} MB`,
    );

    // --- (a) Ledger transfers through the real path, (d) the raw baseline, taking turns ------------------------------
    // The two take turns in --rounds rounds, so a change in the machine's load during the run (other processes)
    // weighs on both alike; each figure is its total count over its total time.
    const raw = openRawBaseline(rawPath);
    log(
      `measuring ${fmt(OPS)} Ledger.credit/Ledger.debit calls and ${fmt(RAW)} raw autocommit INSERTs, in ${ROUNDS} rounds...`,
    );
    let refused = 0;
    let opsNs = 0n;
    let rawNs = 0n;
    const roundRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [opsFrom, opsTo] = [Math.floor((round * OPS) / ROUNDS), Math.floor(((round + 1) * OPS) / ROUNDS)];
      const opsStart = process.hrtime.bigint();
      let roundRefused = 0;
      for (let i = opsFrom; i < opsTo; i++) {
        const m = memberId(rand(MEMBERS));
        const r =
          i % 2 === 0
            ? await ledger.credit(m, { key: `bench:${i}`, pointType: 'bonus', amount: 20, reason: { code: 'checkin' } })
            : await ledger.debit(m, { key: `bench:${i}`, pointType: 'bonus', amount: 5, reason: { code: 'coupon' } });
        if (!r.ok) {
          if (r.error.code !== 'insufficient_points') throw new Error(`bench op refused: ${r.error.code}`);
          roundRefused++;
        }
      }
      const roundOpsNs = process.hrtime.bigint() - opsStart;
      const [rawFrom, rawTo] = [Math.floor((round * RAW) / ROUNDS), Math.floor(((round + 1) * RAW) / ROUNDS)];
      const rawStart = process.hrtime.bigint();
      for (let i = rawFrom; i < rawTo; i++) raw.insert.run(`raw:${i}`, i, Date.now());
      const roundRawNs = process.hrtime.bigint() - rawStart;
      opsNs += roundOpsNs;
      rawNs += roundRawNs;
      refused += roundRefused;
      roundRatios.push(
        (opsTo - opsFrom - roundRefused) / seconds(roundOpsNs) / ((rawTo - rawFrom) / seconds(roundRawNs)),
      );
    }
    raw.close();
    // Only committed transfers count; a refused debit (its member ran out) is one batch that rolled back.
    const ledgerRate = (OPS - refused) / seconds(opsNs);
    const rawRate = RAW / seconds(rawNs);
    log(`  ${fmt(ledgerRate)} committed transfers/s (${fmt(OPS / seconds(opsNs))} calls/s, ${refused} refused)`);
    log(`  ${fmt(rawRate)} raw inserts/s`);
    const spread = percentiles(roundRatios);

    // WAL frames (pages) one committed transfer writes: the WAL emptied, a few transfers, the frames it then holds.
    const walSample = 20;
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < walSample; i++)
      await ledger.credit(memberId(rand(MEMBERS)), {
        key: `bench:wal:${i}`,
        pointType: 'bonus',
        amount: 20,
        reason: { code: 'checkin' },
      });
    const walFrames = (db.raw.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? 0;
    log(`  ${(walFrames / walSample).toFixed(1)} WAL pages per committed transfer (${walSample} credits)`);

    // --- (b), (c) Reads -----------------------------------------------------------------------------------------
    const timeReads = async (what: string, read: (m: string) => Promise<unknown>) => {
      log(`measuring ${fmt(READS)} ${what} reads...`);
      const samples: number[] = [];
      for (let i = 0; i < READS; i++) {
        const m = memberId(rand(MEMBERS));
        const start = process.hrtime.bigint();
        await read(m);
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return percentiles(samples);
    };
    const balanceLatency = await timeReads('Ledger.balances', (m) => ledger.balances(m));
    const historyLatency = await timeReads('Ledger.history (limit 10)', (m) => ledger.history(m, { limit: 10 }));
    db.close();

    // --- Report -------------------------------------------------------------------------------------------------
    const ms = (n: number) => `${n.toFixed(3)} ms`;
    const rows: [string, string][] = [
      ['seeded transfers (raw statements, 50k per transaction)', `${fmt(TRANSFERS)} in ${fmt(seedSeconds, 1)} s`],
      ['seed rate (guards + posting triggers)', `${fmt(TRANSFERS / seedSeconds)} /s`],
      ['(a) Ledger.credit/debit, one atomic batch each', `${fmt(ledgerRate)} committed transfers/s`],
      ['(b) Ledger.balances p50 / p99', `${ms(balanceLatency.p50)} / ${ms(balanceLatency.p99)}`],
      ['(c) Ledger.history limit 10 p50 / p99', `${ms(historyLatency.p50)} / ${ms(historyLatency.p99)}`],
      ['(d) raw autocommit INSERT baseline', `${fmt(rawRate)} inserts/s`],
      ['ledger transfers/s ÷ raw inserts/s', (ledgerRate / rawRate).toFixed(3)],
      ['WAL pages written per committed transfer', (walFrames / walSample).toFixed(1)],
      [
        `the same ratio per round: min / median / max of ${ROUNDS}`,
        `${Math.min(...roundRatios).toFixed(3)} / ${spread.p50.toFixed(3)} / ${spread.max.toFixed(3)}`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    log('');
    log(`${'figure'.padEnd(width)} | value`);
    log(`${'-'.repeat(width)}-+-${'-'.repeat(28)}`);
    for (const [k, v] of rows) log(`${k.padEnd(width)} | ${v}`);
  } finally {
    if (args.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
