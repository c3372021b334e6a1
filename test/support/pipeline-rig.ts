// Shared by the pipeline fault suite (test/e2e/pipeline-faults.test.ts): the lock-holding child process, the checks
// that every reply went out exactly once, and the settings that run the pipeline at 1/20 of real time.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type BetterSqlite3 from 'better-sqlite3';
import { chunkRetryKey } from '../../src/channels/line/sender.js';
import type { Delivery } from '../fakes/fake-line-server.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Real time / 20: the first retry after 50 ms instead of 1 s, at most 15 s apart instead of 5 minutes, so a 3-second
 * outage is a 60-second one (and "within 30 s of the end" is 1.5 s).
 */
export const TWENTIETH = { RETRY_BACKOFF_MS: '50', RETRY_BACKOFF_MAX_MS: '15000' } as const;

export interface LockHolder {
  lock(): Promise<void>;
  release(): Promise<void>;
  kill(): void;
}

/** Starts test/support/lock-holder.ts on `dbPath` and waits until it has opened the file. */
export async function startLockHolder(dbPath: string): Promise<LockHolder> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT, 'test/support/lock-holder.ts'), dbPath],
    { cwd: ROOT },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const lines = createInterface({ input: child.stdout });
  const waiting = new Map<string, () => void>();
  lines.on('line', (line) => {
    waiting.get(line.trim())?.();
    waiting.delete(line.trim());
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`lock holder exited ${code}: ${stderr}`))),
  );
  exited.catch(() => {});
  const expect = (word: string) =>
    Promise.race([new Promise<void>((r) => waiting.set(word, r)), exited]) as Promise<void>;
  await expect('ready');
  return {
    async lock() {
      const locked = expect('locked');
      child.stdin.write('lock\n');
      await locked;
    },
    async release() {
      const released = expect('released');
      child.stdin.write('release\n');
      await released;
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

interface OutboxRow {
  readonly id: number;
  readonly user_id: string;
  readonly retry_key: string;
  readonly reply_token: string | null;
  readonly status: string;
}

/**
 * What LINE delivered, per outbox row: each row's first chunk arrives once, by its reply token or by a push with the
 * row's stored retry key, and no retry key is delivered twice. Returns the rows delivered more than once.
 */
export async function lineDuplicates(db: BetterSqlite3.Database, deliveries: readonly Delivery[]) {
  const rows = db
    .prepare("SELECT id, user_id, retry_key, reply_token, status FROM outbox WHERE channel = 'line'")
    .all();
  const byKey = new Map<string, number>();
  for (const d of deliveries) if (d.retryKey) byKey.set(d.retryKey, (byKey.get(d.retryKey) ?? 0) + 1);
  const duplicates: number[] = [];
  const missing: number[] = [];
  for (const row of rows as OutboxRow[]) {
    const pushed = byKey.get(row.retry_key) ?? 0;
    const replied = deliveries.filter((d) => d.via === 'reply' && d.replyToken === row.reply_token).length;
    const times = pushed + (row.reply_token ? replied : 0);
    if (times > 1 || (byKey.get(await chunkRetryKey(row.retry_key, 1)) ?? 0) > 1) duplicates.push(row.id);
    if (times === 0) missing.push(row.id);
  }
  return { rows: rows.length, duplicates, missing };
}
