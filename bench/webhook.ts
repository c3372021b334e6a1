// LINE webhook benchmark: signed webhook bodies against the server `npm start` runs (a child process, LINE on, the
// fake LINE API on loopback, LOG_LEVEL silent, a temporary SQLite file), beside bare Hono on @hono/node-server
// answering a POST of the same size, in the same run on the same machine.
//
//   npx tsx bench/webhook.ts [--duration 10] [--connections 50] [--members 200]
//
// 1. Starts the fake LINE API (here) and the server (child process), registers --members members through the
//    webhook (follow, name, phone, skip, agree), and waits until they are all processed.
// 2. autocannon for --duration seconds: each request is one signed event with a unique webhookEventId and a fresh
//    reply token, from a random member, a mix of points / history / card / unknown text. Reports acks/s and the
//    ack latency p50/p99 (the 200 goes out once the event is durable in the inbox; processing follows).
// 3. Waits until every acknowledged event is processed and its reply sent; reports processed events/s.
// 4. The same autocannon run against bare Hono (reads the body, answers 200 {}), and the ratios.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { startFakeLine } from '../test/fakes/fake-line-server.js';
import { LINE_ACCESS_TOKEN, LINE_SECRET, lineEvent, lineUserId, webhookBody } from '../test/fakes/line-webhook.js';
import {
  autocannon,
  fmt,
  lineSign,
  postAgainOnReset,
  printTable,
  progress,
  signedLineTexts,
  startBareHono,
  startChild,
  until,
} from './support.js';
import { printTurnCosts } from './turn-cost.js';

// --- bare Hono, run as a child process of this script -------------------------------------------------------------
if (process.argv.includes('--bare-hono')) {
  const bare = await startBareHono();
  console.log(`bare hono running on ${bare.url}`);
  process.on('SIGTERM', () => void bare.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      members: { type: 'string', default: '200' },
      /** A folder: the server runs with --cpu-prof and writes its profile there on exit. */
      profile: { type: 'string' },
    },
  });
  const duration = Number(args.duration);
  const connections = Number(args.connections);
  const memberCount = Number(args.members);

  const dir = mkdtempSync(join(tmpdir(), 'pointloop-bench-webhook-'));
  const dbPath = join(dir, 'bench.db');
  const fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN, validate: false, record: false });
  const children: ChildProcess[] = [];
  try {
    const app = await startChild(
      [...(args.profile ? ['--cpu-prof', '--cpu-prof-dir', args.profile] : []), '--import', 'tsx', 'src/main/node.ts'],
      {
        PORT: '0',
        DATABASE_PATH: dbPath,
        LOG_LEVEL: 'silent',
        DEFAULT_LANGUAGE: 'en',
        PUBLIC_BASE_URL: 'https://pointloop.example',
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: LINE_ACCESS_TOKEN,
        LINE_API_BASE_URL: fake.url,
      },
      /running on (http:\/\/\S+)/,
    );
    children.push(app.proc);
    progress(`server on ${app.url}, fake LINE on ${fake.url}`);
    const db = new BetterSqlite3(dbPath, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const sign = lineSign;

    // 1. Members, registered through the webhook.
    const members = Array.from({ length: memberCount }, () => lineUserId());
    for (const m of members) fake.setProfile(m, { displayName: 'Bench', language: 'en' });
    const t0 = performance.now();
    await Promise.all(
      members.map(async (userId, i) => {
        const steps = [
          lineEvent.follow({ userId, replyToken: fake.replyToken(userId) }),
          lineEvent.text({ userId, replyToken: fake.replyToken(userId), text: 'Bench' }),
          lineEvent.text({ userId, replyToken: fake.replyToken(userId), text: `09${String(10_000_000 + i)}` }),
          lineEvent.text({ userId, replyToken: fake.replyToken(userId), text: 'skip' }),
          lineEvent.postback({ userId, replyToken: fake.replyToken(userId), data: 'cmd=agree' }),
        ];
        for (const e of steps) {
          const body = webhookBody([e]);
          // The same body again after a connection reset (a loaded machine): the inbox stores its event once.
          const res = await postAgainOnReset(`${app.url}/webhooks/line`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
            body,
          });
          if (res.status !== 200) throw new Error(`registration webhook answered ${res.status}`);
        }
      }),
    );
    await until(() => count('SELECT COUNT(*) AS n FROM members') === memberCount, 120_000, 'registrations');
    await until(() => settled(count), 120_000, 'registration replies');
    const registerSeconds = (performance.now() - t0) / 1000;

    // 2. The mix, against the real server.
    const texts = ['points', 'history', 'card', '積分', 'what time do you open?', 'hello there', '紀錄', 'thanks!'];
    const sample = webhookBody([
      lineEvent.text({
        userId: members[0] ?? lineUserId(),
        replyToken: randomUUID().replaceAll('-', ''),
        text: 'points',
      }),
    ]);
    const doneBefore = count('SELECT COUNT(*) AS n FROM inbox_done');
    let sent = 0;
    const setupRequest = signedLineTexts({
      users: members,
      replyToken: (u) => fake.replyToken(u),
      next: () => texts[sent++ % texts.length] ?? 'points',
    });
    const cpuLine = cpuMs(app.proc.pid);
    const tLine = performance.now();
    const line = await autocannon({
      url: app.url,
      connections,
      duration,
      requests: [{ setupRequest }],
    });
    const acked = line['2xx'];
    progress(
      `${acked} acknowledged in ${duration} s; ${count('SELECT COUNT(*) AS n FROM inbox_done') - doneBefore} processed so far`,
    );
    // 3. Processing: every acknowledged event done and answered.
    await until(
      () => count('SELECT COUNT(*) AS n FROM inbox_done') - doneBefore >= acked && settled(count),
      600_000,
      'processing',
    );
    const processSeconds = (performance.now() - tLine) / 1000;
    const lineCpuPerEvent = (cpuMs(app.proc.pid) - cpuLine) / Math.max(acked, 1);

    // 3b. Half the load it took (a fixed rate): the ack latency a brand sees short of saturation, and whether
    //     processing keeps up (events processed and answered per second over the run, against the acks per second).
    const halfRate = Math.max(1, Math.round(line.requests.average / 2));
    const doneBeforeHalf = count('SELECT COUNT(*) AS n FROM inbox_done');
    const tHalf = performance.now();
    const half = await autocannon({
      url: app.url,
      connections,
      duration,
      overallRate: halfRate,
      requests: [{ setupRequest }],
    });
    await until(
      () => count('SELECT COUNT(*) AS n FROM inbox_done') - doneBeforeHalf >= half['2xx'] && settled(count),
      600_000,
      'processing at half load',
    );
    const halfSeconds = (performance.now() - tHalf) / 1000;
    const failedReplies = count("SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'");
    db.close();

    // 4. Bare Hono, same body size, same autocannon settings.
    const bare = await startChild(
      ['--import', 'tsx', 'bench/webhook.ts', '--bare-hono'],
      {},
      /bare hono running on (http:\/\/\S+)/,
    );
    children.push(bare.proc);
    const cpuBare = cpuMs(bare.proc.pid);
    const hono = await autocannon({
      url: bare.url,
      connections,
      duration,
      method: 'POST',
      requests: [
        {
          method: 'POST',
          path: '/webhooks/line',
          headers: { 'content-type': 'application/json', 'x-line-signature': sign(sample) },
          body: sample,
        },
      ],
    });

    const bareCpuPerRequest = (cpuMs(bare.proc.pid) - cpuBare) / Math.max(hono['2xx'], 1);

    const rows: [string, string, string, string][] = [
      ['', 'LINE webhook (pointloop)', 'bare Hono', 'ratio'],
      [
        // CPU time of the server process (user + system, from /proc) per event: ack, turn and reply for pointloop,
        // the answer for bare Hono. Unlike requests/s it hardly moves when other processes load the machine.
        'server CPU ms per event (all of it)',
        fmt(lineCpuPerEvent, 3),
        fmt(bareCpuPerRequest, 3),
        `${((bareCpuPerRequest / Math.max(lineCpuPerEvent, 0.001)) * 100).toFixed(1)} %`,
      ],
      [
        'requests/s (acks)',
        fmt(line.requests.average),
        fmt(hono.requests.average),
        `${((line.requests.average / hono.requests.average) * 100).toFixed(1)} %`,
      ],
      [
        'ack latency p50 (ms)',
        fmt(line.latency.p50, 1),
        fmt(hono.latency.p50, 1),
        `${(line.latency.p50 / Math.max(hono.latency.p50, 0.001)).toFixed(1)} x`,
      ],
      [
        'ack latency p99 (ms)',
        fmt(line.latency.p99, 1),
        fmt(hono.latency.p99, 1),
        `${(line.latency.p99 / Math.max(hono.latency.p99, 0.001)).toFixed(1)} x`,
      ],
      [
        'requests (2xx / other / errors)',
        `${acked} / ${line.non2xx} / ${line.errors}`,
        `${hono['2xx']} / ${hono.non2xx} / ${hono.errors}`,
        '',
      ],
      ['events processed + replied /s', fmt(acked / processSeconds), '-', keepUp(acked / processSeconds, line)],
      [`at half load (${halfRate}/s): acks/s`, fmt(half.requests.average), '-', ''],
      ['  ack latency p50 / p99 (ms)', `${fmt(half.latency.p50, 1)} / ${fmt(half.latency.p99, 1)}`, '-', ''],
      ['  events processed + replied /s', fmt(half['2xx'] / halfSeconds), '-', keepUp(half['2xx'] / halfSeconds, half)],
    ];
    console.log(
      `\nLINE webhook bench: ${duration} s x 2, ${connections} connections, ${memberCount} members, ` +
        `${Buffer.byteLength(sample)}-byte bodies, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`,
    );
    console.log(
      `registration of ${memberCount} members (5 events each) through the webhook: ${registerSeconds.toFixed(1)} s`,
    );
    printTable(rows);
    console.log(
      `\nAll ${acked} acknowledged events were processed and answered in ${processSeconds.toFixed(1)} s ` +
        `from the start of the run (${failedReplies} replies failed).`,
    );
    await printTurnCosts();
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time (user + system) a process has used so far, in ms; 0 where /proc is missing. */
function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return 0;
  }
}

/** Events processed and answered per second over the run, as a share of the acks per second in it. */
function keepUp(processedPerSecond: number, run: { requests: { average: number } }): string {
  return `${((processedPerSecond / Math.max(run.requests.average, 0.001)) * 100).toFixed(0)} % of acks/s`;
}

function settled(count: (sql: string) => number): boolean {
  return (
    count('SELECT COUNT(*) AS n FROM inbox_events WHERE done_at IS NULL') === 0 &&
    count("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'") === 0
  );
}
