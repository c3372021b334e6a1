// kill -9 under load, then a restart on the same file, counting what LINE received twice (issue 12, item 5). Shared
// by test/e2e/crash-duplicates.test.ts (a small load, in npm test) and bench/crash-duplicates.ts (any load).
// The server is a child process (src/main/node.ts), LINE the loopback fake with a delay, so replies are in flight
// when the signal comes. LINE's reply endpoint takes no retry key: a reply that went out just before the kill, and
// was not yet recorded as sent, is pushed again after the restart. Those rows are "in doubt" (their attempt was
// recorded before the call, and never finished); no other row may be delivered twice, and none may be lost.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startFakeLine, waitUntil } from '../fakes/fake-line-server.js';
import { lineEnv } from '../fakes/line-harness.js';
import { LINE_ACCESS_TOKEN, lineEvent, lineUserId, postWebhook, webhookBody } from '../fakes/line-webhook.js';
import { lineDuplicates } from './pipeline-rig.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface CrashLoad {
  readonly members: number;
  /** Messages each member sends, one after another (each waits for its ack, not for the answer). */
  readonly messagesEach: number;
  /** The server is killed once this many webhooks were acknowledged. */
  readonly killAfterAcks: number;
  /** LINE answers each reply and push after this long. */
  readonly lineDelayMs: number;
}

export interface CrashReport extends CrashLoad {
  readonly acked: number;
  /** Outbox rows (one per answered turn). */
  readonly replies: number;
  /** Rows whose attempt was in flight at the kill (released at restart). */
  readonly inDoubt: readonly number[];
  /** Rows LINE delivered more than once. */
  readonly duplicates: readonly number[];
  /** Rows LINE never delivered (must be none). */
  readonly missing: readonly number[];
  /** Acknowledged events never processed (must be 0). */
  readonly unprocessed: number;
}

interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main/node.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  let output = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running on (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { proc, url, exited };
}

export async function crashAndCount(load: CrashLoad): Promise<CrashReport> {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-crashdup-'));
  const dbPath = join(dir, 'crash.db');
  const fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN, validate: false });
  const children: Child[] = [];
  try {
    fake.setDelay(load.lineDelayMs);
    const env = lineEnv(dbPath, fake.url);
    const first = await startChild(env);
    children.push(first);
    let acked = 0;
    let killed = false;
    const member = async (user: string) => {
      for (let i = 0; i < load.messagesEach && !killed; i++) {
        const event = lineEvent.text({
          userId: user,
          replyToken: fake.replyToken(user),
          text: i === 0 ? 'hi' : 'help',
        });
        try {
          if ((await postWebhook(first.url, webhookBody([event]))).status !== 200) return;
        } catch {
          return; // the server is gone
        }
        if (++acked >= load.killAfterAcks && !killed) {
          killed = true;
          first.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: load.members }, () => member(lineUserId())));
    if (!killed) first.proc.kill('SIGKILL');
    await first.exited;

    const second = await startChild(env);
    children.push(second);
    const db = new BetterSqlite3(dbPath, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    try {
      await waitUntil(
        'the restarted server to process and deliver everything',
        () =>
          count('SELECT COUNT(*) AS n FROM inbox_events WHERE done_at IS NULL') === 0 &&
          count("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'") === 0,
        120_000,
      );
      second.proc.kill('SIGTERM');
      await second.exited;
      const inDoubt = (
        db.prepare("SELECT id FROM outbox WHERE last_error LIKE 'in doubt%'").all() as { id: number }[]
      ).map((r) => r.id);
      const check = await lineDuplicates(db, fake.deliveries);
      return {
        ...load,
        acked,
        replies: check.rows,
        inDoubt,
        duplicates: check.duplicates,
        missing: check.missing,
        unprocessed: count('SELECT COUNT(*) AS n FROM inbox_events WHERE done_at IS NULL'),
      };
    } finally {
      db.close();
    }
  } finally {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeCrash(r: CrashReport): string {
  return (
    `kill -9 after ${r.acked} acks (${r.members} members x up to ${r.messagesEach} messages, LINE answering in ` +
    `${r.lineDelayMs} ms): ${r.replies} replies, ${r.inDoubt.length} in flight at the kill, ` +
    `${r.duplicates.length} delivered twice, ${r.missing.length} lost, ${r.unprocessed} events unprocessed`
  );
}
