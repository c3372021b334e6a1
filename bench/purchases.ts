// bench/purchases: purchases per second through the store API (POST /api/store/purchases with a store key: the
// member looked up, the earn rules evaluated, one atomic batch with the purchase, its credit and the member's
// receipt in the outbox), beside bare Hono on @hono/node-server taking the same requests from the same client in the
// same run, with --transfers transfers already in the database; then the store API's latency at half the load it
// took. A target from issue 13: at least 30% of bare Hono, and p99 under 50 ms at half load.
//   npx tsx bench/purchases.ts [--transfers 1000000] [--members 10000] [--seconds 10] [--connections 32]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { SqlValue } from '../src/kernel/database.js';
import { DAY_MS } from '../src/kernel/time.js';
import { sqlLedgerStore } from '../src/ledger/db/ledger-sql.js';
import { ISSUANCE, REDEMPTION, wallet } from '../src/ledger/domain/accounts.js';
import type { NewTransfer } from '../src/ledger/store.js';
import { startNodeServer } from '../src/main/node.js';
import {
  type AutocannonResult,
  autocannon,
  fmt,
  printTable,
  progress,
  type RawRequest,
  startBareHono,
} from './support.js';

const { values } = parseArgs({
  options: {
    transfers: { type: 'string', default: '1000000' },
    members: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
  },
});
const TRANSFERS = Number(values.transfers);
const MEMBERS = Number(values.members);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);

const dir = mkdtempSync(join(tmpdir(), 'pointloop-purchases-'));
const dbPath = join(dir, 'purchases.db');
// NODE_ENV test: the start that seeds the demo hands back the demo store's key (as development prints it).
const server = await startNodeServer({
  PORT: '0',
  DATABASE_PATH: dbPath,
  LOG_LEVEL: 'silent',
  SCHEDULER: 'false',
  SIMULATOR: 'false',
  NODE_ENV: 'test',
  PUBLIC_BASE_URL: 'https://pointloop.example',
});
const key = server.demoStoreKey;
if (!key) throw new Error('the demo store key was not handed back');

const memberCode = (i: number) => String(3_000_000_000 + i);

/** Members and --transfers transfers among their wallets, through the ledger's own INSERTs (every guard runs). */
function seed(): void {
  const raw = new BetterSqlite3(dbPath);
  raw.pragma('busy_timeout = 5000');
  const store = sqlLedgerStore({} as never);
  const now = Date.now();
  const t0 = now - 30 * DAY_MS;
  const member = raw.prepare(
    `INSERT INTO members (id, member_code, name, phone_e164, language, consent_version, consent_at, registered_at,
       registered_local_date) VALUES (?, ?, 'M', ?, 'en', 'bench', ?, ?, '2026-01-01')`,
  );
  const open = raw.prepare(store.openAccount(wallet('x'), 'bonus', t0).sql);
  raw.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) {
      member.run(`b${i}`, memberCode(i), `+8869${String(i).padStart(8, '0')}`, now, now);
      open.run(...(store.openAccount(wallet(`b${i}`), 'bonus', t0).params as SqlValue[]));
    }
  })();
  const sample: NewTransfer = {
    key: 'x',
    pointType: 'bonus',
    debit: ISSUANCE,
    credit: wallet('x'),
    amount: 1,
    reason: { code: 'checkin' },
    createdAt: t0,
  };
  const prepared = raw.prepare(store.insertTransfer(sample).sql);
  // The ledger's INSERT may return what it wrote (RETURNING): run it the way its statement asks.
  const insert = { run: (...p: SqlValue[]) => (prepared.reader ? prepared.get(...p) : prepared.run(...p)) };
  const balances = new Int32Array(MEMBERS);
  const batch = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const m = (i * 7919) % MEMBERS;
      const spend = (balances[m] ?? 0) > 0 && i % 5 < 2;
      const amount = spend ? 1 + (i % Math.min(balances[m] ?? 1, 50)) : 10 + (i % 91);
      const createdAt = t0 + Math.floor((i / TRANSFERS) * 29 * DAY_MS);
      const t: NewTransfer = spend
        ? {
            key: `seed:${i}`,
            pointType: 'bonus',
            debit: wallet(`b${m}`),
            credit: REDEMPTION,
            amount,
            reason: { code: 'coupon' },
            createdAt,
          }
        : {
            key: `seed:${i}`,
            pointType: 'bonus',
            debit: ISSUANCE,
            credit: wallet(`b${m}`),
            amount,
            reason: { code: 'checkin' },
            lotExpiresAt: createdAt + 365 * DAY_MS,
            createdAt,
          };
      insert.run(...(store.insertTransfer(t).params as SqlValue[]));
      balances[m] = (balances[m] ?? 0) + (spend ? -amount : amount);
    }
  });
  for (let at = 0; at < TRANSFERS; at += 50_000) {
    batch(at, Math.min(TRANSFERS, at + 50_000));
    if (at % 200_000 === 0) progress(`seeded ${fmt(at)} / ${fmt(TRANSFERS)} transfers`);
  }
  raw.close();
}

let receipt = 0;
/** Each request a new receipt for a member drawn at random, an amount from NT$10 to NT$1,000. */
function purchase(req: RawRequest): RawRequest {
  const n = receipt++;
  const body = JSON.stringify({
    receipt: `B-${n}`,
    member: { memberCode: memberCode(Math.floor(Math.random() * MEMBERS)) },
    amount: 1_000 + Math.floor(Math.random() * 99_000),
  });
  return { ...req, body };
}

async function load(url: string, path: string, overallRate?: number): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(overallRate && { overallRate }),
    requests: [
      {
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: purchase,
      },
    ],
  });
}

progress(`seeding ${fmt(MEMBERS)} members and ${fmt(TRANSFERS)} transfers`);
seed();
progress('store API at full load');
const api = await load(server.url, '/api/store/purchases');
const bare = await startBareHono();
progress('bare Hono at full load');
const base = await load(bare.url, '/webhooks/line');
await bare.close();
const half = Math.max(1, Math.floor(api.requests.average / 2));
progress(`store API at half load (${half}/s)`);
const halfLoad = await load(server.url, '/api/store/purchases', half);

const probe = new BetterSqlite3(dbPath, { readonly: true });
const recorded = (probe.prepare('SELECT COUNT(*) AS n FROM purchases').get() as { n: number }).n;
const transfers = (probe.prepare('SELECT COUNT(*) AS n FROM transfers').get() as { n: number }).n;
probe.close();
await server.close();
rmSync(dir, { recursive: true, force: true });

const row = (name: string, r: AutocannonResult) => [
  name,
  fmt(r.requests.average),
  fmt(r.latency.p50, 1),
  fmt(r.latency.p99, 1),
  fmt(r['2xx']),
  fmt(r.non2xx + r.errors + r.timeouts),
];
console.log(
  `\n${fmt(TRANSFERS)} seeded transfers, ${fmt(MEMBERS)} members, ${CONNECTIONS} connections, ${SECONDS} s each`,
);
printTable([
  ['run', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'other'],
  row('POST /api/store/purchases', api),
  row('bare Hono POST', base),
  row(`store API at half load (${fmt(half)}/s)`, halfLoad),
]);
console.log(
  `\nstore API / bare Hono: ${fmt((100 * api.requests.average) / base.requests.average, 1)}% (target >= 30%); ` +
    `p99 at half load ${fmt(halfLoad.latency.p99, 1)} ms (target < 50 ms); ${fmt(recorded)} purchases recorded, ` +
    `${fmt(transfers)} transfers in the database.`,
);
process.exit(0);
