// kill -9 while the server is taking signed LINE webhooks, restart it on the same SQLite file, and check that every
// event that got a 200 was processed exactly once: the inbox is durable before the ack, and the start-up drain
// picks up what the crash left.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeLine, startFakeLine } from '../fakes/fake-line-server.js';
import { lineEnv } from '../fakes/line-harness.js';
import {
  LINE_ACCESS_TOKEN,
  lineEvent,
  lineUserId,
  postWebhook,
  type WebhookEvent,
  webhookBody,
} from '../fakes/line-webhook.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const USERS = 40;
const KILL_AFTER_ACKS = 100;

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
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running on (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { proc, url, exited };
}

describe('crash: kill -9 mid-stream, restart on the same database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-crash-'));
  const dbPath = join(dir, 'crash.db');
  let fake: FakeLine | undefined;
  const children: Child[] = [];
  afterAll(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('processes every acknowledged event exactly once', async () => {
    fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN, validate: false });
    // A slow LINE: replies take a while, so acknowledged events pile up unprocessed before the kill.
    fake.setDelay(10);
    const env = lineEnv(dbPath, fake.url);
    const first = await startChild(env);
    children.push(first);

    // Each member: follow, then the registration answers, then points, strictly in order (one POST at a time);
    // all members at once. Nothing is sent to a server that is gone: a failed POST ends that member's script.
    const users = Array.from({ length: USERS }, () => lineUserId());
    for (const u of users) fake.setProfile(u, { displayName: 'Crash Test', language: 'en' });
    // No turn waits for a reply any more (delivery runs apart), so what holds turns back is LINE's profile API: the
    // members who send in a burst (odd indexes, below) wait for it at registration and pile up acknowledged events.
    for (const [i, u] of users.entries()) if (i % 2 === 1) fake.hang(u, { endpoints: ['profile'] });
    const acked = new Map<string, { user: string; step: number }>();
    let killed = false;
    let target = first;
    // Each member their own mobile number: one member per number (issue 12, item 10).
    const script = (user: string, index: number): ((token: string) => WebhookEvent)[] => [
      (replyToken) => lineEvent.follow({ userId: user, replyToken }),
      (replyToken) => lineEvent.text({ userId: user, replyToken, text: 'Crash Test' }),
      (replyToken) => lineEvent.text({ userId: user, replyToken, text: `09${String(index).padStart(8, '0')}` }),
      (replyToken) => lineEvent.text({ userId: user, replyToken, text: 'skip' }),
      (replyToken) => lineEvent.postback({ userId: user, replyToken, data: 'cmd=agree' }),
      (replyToken) => lineEvent.text({ userId: user, replyToken, text: 'points' }),
    ];
    // Half the members wait for the bot's answer before their next message (as people do), half send in a burst.
    const member = async (user: string, index: number) => {
      const waits = index % 2 === 0;
      for (const [step, make] of script(user, index).entries()) {
        if (waits && step > 0) {
          while (!killed && (fake?.deliveredTo(user).length ?? 0) < step) await new Promise((r) => setTimeout(r, 5));
        }
        const event = make(fake?.replyToken(user) ?? '');
        let status = 0;
        try {
          status = (await postWebhook(target.url, webhookBody([event]))).status;
        } catch {
          return; // the server is gone: this member's later events are never sent
        }
        if (status !== 200) return;
        acked.set(event.webhookEventId, { user, step });
        if (!killed && acked.size >= KILL_AFTER_ACKS) {
          killed = true;
          first.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all(users.map((u, i) => member(u, i)));
    expect(killed).toBe(true);
    expect(await first.exited).toBeNull(); // killed by the signal, no exit code

    // What the crash left: acknowledged but unprocessed events.
    const before = new BetterSqlite3(dbPath, { readonly: true });
    const left = (before.prepare('SELECT COUNT(*) AS n FROM inbox_events WHERE done_at IS NULL').get() as { n: number })
      .n;
    before.close();
    expect(left).toBeGreaterThan(0);
    if (process.env.CRASH_DEBUG) console.log({ acked: acked.size, left });

    // Restart on the same file: it listens, then processes what is left (SIGTERM lets it finish what is due).
    fake.release();
    const second = await startChild(env);
    children.push(second);
    target = second;
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const db = new BetterSqlite3(dbPath, { readonly: true });
    const count = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;
    try {
      // Every acknowledged event is stored once and done once.
      const stored = db.prepare("SELECT id, done_at FROM inbox_events WHERE channel = 'line' AND event_id = ?");
      for (const eventId of acked.keys()) {
        const rows = stored.all(eventId) as { id: number; done_at: number | null }[];
        expect(rows, eventId).toHaveLength(1);
        expect(rows[0]?.done_at, eventId).not.toBeNull();
        expect(count('SELECT COUNT(*) AS n FROM inbox_done WHERE inbox_id = ?', rows[0]?.id)).toBe(1);
      }
      // Nothing is left, nothing was processed twice (one answer per event at most).
      expect(count('SELECT COUNT(*) AS n FROM inbox_events WHERE done_at IS NULL')).toBe(0);
      expect(count('SELECT COUNT(*) AS n FROM inbox_done')).toBe(count('SELECT COUNT(*) AS n FROM inbox_events'));
      expect(
        count('SELECT COUNT(*) AS n FROM (SELECT inbox_id FROM outbox GROUP BY inbox_id HAVING COUNT(*) > 1)'),
      ).toBe(0);
      expect(count("SELECT COUNT(*) AS n FROM outbox WHERE status <> 'sent'")).toBe(0);

      // Members: everyone whose consent was acknowledged joined, once, with one welcome bonus.
      const agreed = new Set([...acked.values()].filter((a) => a.step === 4).map((a) => a.user));
      const members = db
        .prepare("SELECT i.user_id, i.member_id FROM identities i WHERE i.channel = 'line' AND i.member_id IS NOT NULL")
        .all() as { user_id: string; member_id: string }[];
      for (const u of agreed)
        expect(
          members.some((m) => m.user_id === u),
          u,
        ).toBe(true);
      expect(count('SELECT COUNT(*) AS n FROM members')).toBe(members.length);
      expect(members.length).toBeGreaterThanOrEqual(agreed.size);
      for (const m of members) {
        expect(count('SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key = ?', `welcome:${m.member_id}`)).toBe(
          1,
        );
      }
      expect(count("SELECT COUNT(*) AS n FROM transfers WHERE reason_code = 'welcome_bonus'")).toBe(members.length);
      // One conversation state row per member that wrote to us.
      expect(
        count(
          "SELECT COUNT(*) AS n FROM (SELECT user_id FROM conversation_states WHERE channel = 'line' GROUP BY user_id HAVING COUNT(*) > 1)",
        ),
      ).toBe(0);
    } finally {
      db.close();
    }
  });
});
