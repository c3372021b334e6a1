// Broadcast benchmark: --members members (default 100,000) on LINE, one broadcast through the fake LINE API, which
// enforces --rps multicast requests a second (429 + Retry-After above it), sent by the server `npm start` runs (a
// child process, temporary SQLite file). Reports the time to complete beside the limit's ideal time
// (ceil(members / 500) / rps), whether every member got it exactly once, and the server's LINE webhook ack latency
// measured while the broadcast runs, beside the same measure with the server idle (same run, same machine).
//
//   npx tsx bench/broadcast.ts [--members 100000] [--rps 20] [--connections 10]
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqlite } from '../src/db/sqlite.js';
import { startFakeLine } from '../test/fakes/fake-line-server.js';
import { LINE_ACCESS_TOKEN, LINE_SECRET } from '../test/fakes/line-webhook.js';
import { seedMembers } from '../test/support/broadcast-rig.js';
import {
  type AutocannonResult,
  autocannon,
  fmt,
  printTable,
  progress,
  signedLineTexts,
  startChild,
} from './support.js';

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    rps: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
  },
});
const MEMBERS = Number(args.members);
const RPS = Number(args.rps);
const CONNECTIONS = Number(args.connections);
const ADMIN = 'bench-admin-token-0123456789';
const batches = Math.ceil(MEMBERS / 500);
const idealSeconds = batches / RPS;

const dir = mkdtempSync(join(tmpdir(), 'pointloop-bench-broadcast-'));
const dbPath = join(dir, 'bench.db');
const fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN, validate: false, record: false });
fake.rateLimit(RPS);
const children: ChildProcess[] = [];
try {
  progress(`seeding ${fmt(MEMBERS)} members`);
  const seedDb = openSqlite({ path: dbPath });
  const users = seedMembers(seedDb.raw, MEMBERS);
  seedDb.close();

  const app = await startChild(
    ['--import', 'tsx', 'src/main/node.ts'],
    {
      PORT: '0',
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      SIMULATOR: 'false',
      DEFAULT_LANGUAGE: 'en',
      ADMIN_TOKEN: ADMIN,
      PUBLIC_BASE_URL: 'https://pointloop.example',
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_ACCESS_TOKEN,
      LINE_API_BASE_URL: fake.url,
      // The sender's own limit at the platform's: the fake's 429s then only catch what slips through.
      BROADCAST_LINE_RPS: String(RPS),
    },
    /running on (http:\/\/\S+)/,
  );
  children.push(app.proc);
  progress(`server on ${app.url}, fake LINE on ${fake.url} (${RPS} multicasts/s)`);

  const setupRequest = signedLineTexts({ users, replyToken: (u) => fake.replyToken(u), next: () => 'points' });
  const webhookLoad = (seconds: number) =>
    autocannon({ url: app.url, connections: CONNECTIONS, duration: seconds, requests: [{ setupRequest }] });
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    }).then(async (r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<Record<string, unknown>>;
    });

  const loadSeconds = Math.max(3, Math.floor(idealSeconds * 0.8));
  progress(`webhook latency with the server idle (${loadSeconds} s)`);
  const idle = await webhookLoad(loadSeconds);

  await admin('/admin/segments/everyone', {
    method: 'PUT',
    body: JSON.stringify({ name: 'Everyone', filter: {} }),
  });
  const t0 = performance.now();
  const created = (await admin('/admin/broadcasts', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Double points Tuesday',
      segment: 'everyone',
      content: { default: { type: 'text', text: 'Double points this Tuesday!' } },
    }),
  })) as { broadcast: { id: string } };
  const id = created.broadcast.id;
  progress(`broadcast ${id} started; webhook load for ${loadSeconds} s meanwhile`);
  let busy: AutocannonResult | undefined;
  const load = webhookLoad(loadSeconds).then((r) => {
    busy = r;
  });
  let status = '';
  let progressView: Record<string, unknown> = {};
  for (;;) {
    const r = (await admin(`/admin/broadcasts/${id}`)) as {
      broadcast: { status: string };
      progress: Record<string, unknown>;
    };
    status = r.broadcast.status;
    progressView = r.progress;
    if (status === 'done' || status === 'cancelled') break;
    if (performance.now() - t0 > 600_000) throw new Error('broadcast did not finish within 10 minutes');
    // A dashboard's pace: each look counts 100,000 recipient rows on the server, which is not what is measured.
    await new Promise((r) => setTimeout(r, 1000));
  }
  const seconds = (performance.now() - t0) / 1000;
  await load;
  if (!busy) throw new Error('no load result');

  const counts = [...fake.received.values()];
  const twice = counts.filter((n) => n > 1).length;
  const missing = MEMBERS - fake.received.size;
  console.log(
    `\nBroadcast bench: ${fmt(MEMBERS)} LINE members, fake LINE limit ${RPS} multicasts/s, ` +
      `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`,
  );
  printTable([
    ['', 'measured', 'ideal at the limit', 'ratio'],
    ['time to complete (s)', fmt(seconds, 1), fmt(idealSeconds, 1), `${(seconds / idealSeconds).toFixed(2)} x`],
    ['multicasts accepted', fmt(fake.acceptedMulticasts()), fmt(batches), ''],
    ['members reached once / twice / missed', `${fmt(counts.length - twice)} / ${twice} / ${missing}`, '', ''],
  ]);
  console.log(`final status ${status}: ${JSON.stringify(progressView)}`);
  console.log(`\nLINE webhook ack latency, ${CONNECTIONS} connections, ${loadSeconds} s each:`);
  printTable([
    ['', 'server idle', 'during the broadcast', 'ratio'],
    ['acks/s', fmt(idle.requests.average), fmt(busy.requests.average), ''],
    [
      'p50 (ms)',
      fmt(idle.latency.p50, 1),
      fmt(busy.latency.p50, 1),
      `${(busy.latency.p50 / Math.max(idle.latency.p50, 0.001)).toFixed(1)} x`,
    ],
    [
      'p99 (ms)',
      fmt(idle.latency.p99, 1),
      fmt(busy.latency.p99, 1),
      `${(busy.latency.p99 / Math.max(idle.latency.p99, 0.001)).toFixed(1)} x`,
    ],
    ['non-2xx / errors', `${idle.non2xx} / ${idle.errors}`, `${busy.non2xx} / ${busy.errors}`, ''],
  ]);
  if (twice > 0 || missing > 0 || status !== 'done') process.exitCode = 1;
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
