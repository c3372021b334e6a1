// bench/giveaway-storm: 10,000 distinct members claim one giveaway through signed LINE webhooks as fast as the
// server takes them. Prints acks/s and ack latency p50/p99 beside bare Hono on @hono/node-server taking the same
// requests from the same client in the same run, claims processed per second, and checks that the winners are
// exactly budget / per-claim.
//   npx tsx bench/giveaway-storm.ts [--members 10000] [--concurrency 64]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { openSqlite } from '../src/db/sqlite.js';
import { startNodeServer } from '../src/main/node.js';
import { sqlChatStore } from '../src/members/db/members-sql.js';
import { startFakeLine } from '../test/fakes/fake-line-server.js';
import {
  LINE_ACCESS_TOKEN,
  LINE_SECRET,
  lineEvent,
  lineUserId,
  signBody,
  webhookBody,
} from '../test/fakes/line-webhook.js';
import { fmt, postAgainOnReset, printTable, startBareHono } from './support.js';

const { values } = parseArgs({
  options: { members: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '64' } },
});
const MEMBERS = Number(values.members);
const CONCURRENCY = Number(values.concurrency);

const dir = mkdtempSync(join(tmpdir(), 'pointloop-storm-'));
const dbPath = join(dir, 'storm.db');
const fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN, validate: false, record: false });
const server = await startNodeServer({
  PORT: '0',
  DATABASE_PATH: dbPath,
  LOG_LEVEL: 'silent',
  SCHEDULER: 'false',
  SIMULATOR: 'false',
  NODE_ENV: 'test',
  DEFAULT_LANGUAGE: 'en',
  PUBLIC_BASE_URL: 'https://pointloop.example',
  LINE_CHANNEL_SECRET: LINE_SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: LINE_ACCESS_TOKEN,
  LINE_API_BASE_URL: fake.url,
});

// Members registered beforehand (the storm is about the claim), each with a LINE identity.
const users = Array.from({ length: MEMBERS }, () => lineUserId());
{
  const db = openSqlite({ path: dbPath });
  const chat = sqlChatStore(db);
  const now = Date.now();
  for (let i = 0; i < users.length; i += 500) {
    const statements = users.slice(i, i + 500).flatMap((userId, j) => {
      const id = `storm-${i + j}`;
      return [
        chat.insertMember({
          id,
          memberCode: String(2_000_000_000 + i + j),
          name: `Member ${i + j}`,
          phoneE164: `+8869${String(i + j).padStart(8, '0')}`, // one member per number
          birthday: null,
          language: 'en',
          registeredAt: now,
          registeredLocalDate: '2026-01-01',
          consentVersion: 'bench',
          consentAt: now,
        }),
        chat.touchIdentity('line', userId, 'en', now),
        chat.attachIdentity('line', userId, id),
      ];
    });
    const r = await db.batch(statements);
    if (!r.ok) throw new Error('seeding refused');
  }
  db.close();
}

const bodies = await Promise.all(
  users.map((userId) =>
    signBody(webhookBody([lineEvent.text({ userId, text: 'claim DEMO', replyToken: fake.replyToken(userId) })])),
  ),
);

/** Posts every body once, CONCURRENCY at a time; the ack latencies and the time it took. */
async function storm(url: string) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const signed = bodies[next++];
        if (!signed) break;
        const t = performance.now();
        const res = await postAgainOnReset(`${url}/webhooks/line`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-line-signature': signed.signature },
          body: signed.body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== 200) failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { seconds: (performance.now() - t0) / 1000, failures, p50: pct(50), p99: pct(99) };
}

const started = performance.now();
const run = await storm(server.url);
const failures = run.failures;

const probe = new BetterSqlite3(dbPath, { readonly: true });
const pending = () =>
  (probe.prepare('SELECT COUNT(*) AS n FROM inbox_events WHERE done_at IS NULL').get() as { n: number }).n;
while (pending() > 0) await new Promise((r) => setTimeout(r, 50));
const processed = performance.now();

const winners = (
  probe.prepare("SELECT COUNT(*) AS n FROM giveaway_claims WHERE giveaway_code = 'DEMO'").get() as { n: number }
).n;
const budget = probe
  .prepare("SELECT balance FROM accounts WHERE kind = 'campaign_budget' AND owner = 'DEMO'")
  .get() as { balance: number };
const done = (probe.prepare('SELECT COUNT(*) AS n FROM inbox_done').get() as { n: number }).n;
probe.close();

const expected = 10_000 / 50;

// The baseline: the same requests from the same client, against bare Hono in this process.
const bare = await startBareHono();
const base = await storm(bare.url);
await bare.close();

const perSecond = (r: { seconds: number }) => MEMBERS / r.seconds;
printTable([
  ['', 'giveaway claims (pointloop)', 'bare Hono', 'ratio'],
  ['acks/s', fmt(perSecond(run)), fmt(perSecond(base)), `${fmt((perSecond(run) / perSecond(base)) * 100, 1)} %`],
  ['ack p50 (ms)', fmt(run.p50, 1), fmt(base.p50, 1), `${fmt(run.p50 / base.p50, 1)} x`],
  ['ack p99 (ms)', fmt(run.p99, 1), fmt(base.p99, 1), `${fmt(run.p99 / base.p99, 1)} x`],
  ['non-200 acks', fmt(run.failures), fmt(base.failures), ''],
]);
console.table({
  'webhooks sent': MEMBERS,
  'claims processed/s (send -> all done)': Math.round(MEMBERS / ((processed - started) / 1000)),
  'events processed': done,
  winners,
  'expected winners (budget / per claim)': expected,
  'budget left': budget.balance,
});
const ok = winners === expected && budget.balance === 0 && failures === 0 && done === MEMBERS;
console.log(ok ? 'OK: winners == budget / per-claim exactly' : 'MISMATCH');
await server.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
