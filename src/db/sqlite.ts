import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Database, Row, SqlValue, Statement } from '../kernel/database.js';
import { err, ok } from '../kernel/result.js';
import { classifyDatabaseError, DatabaseFault, isBusy, isTransientDatabaseError } from './errors.js';
import { type BatchResult, GroupCommit, type GroupOutcome } from './group-commit.js';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  path: string;
  migrationsFolder?: string;
  /**
   * SQLite's busy_timeout once open: how long one try waits, synchronously (the event loop stands still), for
   * another process's lock. 100 ms by default; longer waits happen asynchronously (busyRetryMs).
   */
  busyTimeoutMs?: number;
  /** How long a batch or a read keeps trying again, asynchronously, before it is a DatabaseFault. 2 s by default. */
  busyRetryMs?: number;
  /**
   * Group commit (on by default): batches asked for in the same turn of the event loop commit in ONE transaction,
   * each in a savepoint of its own (a refusal rolls back that batch only). See ./group-commit.ts.
   */
  groupCommit?: boolean;
}

/** Opening (WAL switch, migrations) happens before the server serves anyone, so it may wait longer. */
const OPEN_BUSY_TIMEOUT_MS = 5000;

export interface SqliteDatabase extends Database {
  readonly raw: BetterSqlite3.Database;
  /** Transactions committed and batches in them (group commit; undefined when it is off). */
  readonly commits: { readonly transactions: number; readonly batches: number } | undefined;
  close(): void;
}

/**
 * better-sqlite3 on a local file: WAL (readers never block the writer), a busy timeout (a second process
 * waits for the lock instead of failing), foreign keys on. A batch is a synchronous IMMEDIATE transaction, so
 * it takes the write lock before its first read and nothing else can interleave, in this process or another.
 */
export function openSqlite(options: SqliteOptions): SqliteDatabase {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const raw = new BetterSqlite3(options.path);
  // The busy timeout first: switching a fresh file to WAL takes a lock another process may hold.
  raw.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
  retryWhileAnotherOpens(raw, () => raw.pragma('journal_mode = WAL'));
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  retryWhileAnotherOpens(raw, () =>
    migrate(drizzle(raw), { migrationsFolder: options.migrationsFolder ?? 'migrations' }),
  );
  // From now on a try waits at most this long synchronously; waiting longer is asynchronous (withBusyRetry).
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 100}`);
  return wrapSqlite(raw, options.busyRetryMs ?? 2000, options.groupCommit ?? true);
}

/**
 * Two processes may open a fresh file at once. Switching to WAL can meet SQLITE_BUSY that the busy handler does
 * not wait out, and drizzle reads which migrations are applied before its (deferred) transaction, so the slower
 * process fails ("table already exists", or a busy snapshot) and rolls back. A second try sees the other's work
 * and has nothing left to do. A broken migration still fails, a moment later.
 */
function retryWhileAnotherOpens(raw: BetterSqlite3.Database, step: () => unknown): void {
  for (let attempt = 1; ; attempt++) {
    try {
      step();
      return;
    } catch (error) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      if (attempt >= 8) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25 * attempt);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (synchronous: one try, which waits up to busy_timeout for a lock) and, while another connection
 * holds the lock, tries again after a short asynchronous pause, up to `retryMs` in all: the event loop keeps
 * serving meanwhile. Then, or on any other error, a DatabaseFault (transient for busy, locked and I/O errors).
 * Refusals by a guard are not errors here: `work` returns them.
 */
async function withBusyRetry<T>(what: 'batch' | 'read', retryMs: number, work: () => T): Promise<T> {
  const deadline = Date.now() + retryMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      // A read keeps its own error (a mistake in the SQL is not a database fault); a batch's is always wrapped.
      if (what === 'read' && !isTransientDatabaseError(error)) throw error;
      if (!isBusy(error) || Date.now() >= deadline) throw new DatabaseFault(`sqlite ${what} failed`, { cause: error });
      // 5, 10, 20 ... ms, at most 100, with jitter so two waiting processes do not retry in step.
      const pause = Math.min(100, 5 * 2 ** attempt);
      await sleep(Math.min(pause / 2 + Math.random() * (pause / 2), Math.max(0, deadline - Date.now())));
    }
  }
}

function wrapSqlite(raw: BetterSqlite3.Database, busyRetryMs: number, grouped: boolean): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = raw.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  // Called inside another transaction (a group), better-sqlite3 runs it in a savepoint.
  const runAll = raw.transaction((statements: readonly Statement[]) =>
    statements.map((s) => {
      const prepared = prepare(s.sql);
      if (prepared.reader) return prepared.all(...(s.params as SqlValue[])) as Row[];
      prepared.run(...(s.params as SqlValue[]));
      return [] as Row[];
    }),
  );
  /** One batch in a transaction of its own. */
  const single = (statements: readonly Statement[]): Promise<BatchResult> =>
    withBusyRetry('batch', busyRetryMs, () => {
      try {
        return ok(runAll.immediate(statements));
      } catch (error) {
        const refusal = classifyDatabaseError(error);
        if (refusal) return err(refusal);
        throw error;
      }
    });
  /** Several batches in ONE immediate transaction, a savepoint each. Throws when the transaction itself is lost. */
  const runGroup = raw.transaction((batches: readonly (readonly Statement[])[]) =>
    batches.map((statements): GroupOutcome => {
      try {
        return { result: ok(runAll(statements)) };
      } catch (error) {
        // SQLite ended the whole transaction (some I/O errors do): no batch of the group may count as done.
        if (!raw.inTransaction) throw error;
        const refusal = classifyDatabaseError(error);
        return refusal ? { result: err(refusal) } : { error };
      }
    }),
  ).immediate;
  const groups = grouped
    ? new GroupCommit({
        single,
        together: (batches) => withBusyRetry('batch', busyRetryMs, () => runGroup(batches)),
      })
    : undefined;
  return {
    raw,
    commits: groups?.stats,
    batch(statements) {
      return groups ? groups.batch(statements) : single(statements);
    },
    all<T = Row>(sql: string, params: readonly SqlValue[] = []) {
      groups?.flushNow();
      return withBusyRetry('read', busyRetryMs, () => prepare(sql).all(...(params as SqlValue[])) as T[]);
    },
    first<T = Row>(sql: string, params: readonly SqlValue[] = []) {
      groups?.flushNow();
      return withBusyRetry('read', busyRetryMs, () => prepare(sql).get(...(params as SqlValue[])) as T | undefined);
    },
    close() {
      // Batches still waiting for their group commit first (each was asked for before the close).
      if (groups?.busy()) void groups.drain().finally(() => raw.close());
      else raw.close();
    },
  };
}
