import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Database, Row, SqlValue, Statement } from '../kernel/database.js';
import { err, ok } from '../kernel/result.js';
import { classifyDatabaseError, DatabaseFault } from './errors.js';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  path: string;
  migrationsFolder?: string;
  /** How long a writer waits for another process's write lock before giving up. */
  busyTimeoutMs?: number;
}

export interface SqliteDatabase extends Database {
  readonly raw: BetterSqlite3.Database;
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
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  retryWhileAnotherOpens(raw, () => raw.pragma('journal_mode = WAL'));
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  retryWhileAnotherOpens(raw, () =>
    migrate(drizzle(raw), { migrationsFolder: options.migrationsFolder ?? 'migrations' }),
  );
  return wrapSqlite(raw);
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

function wrapSqlite(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = raw.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const runAll = raw.transaction((statements: readonly Statement[]) =>
    statements.map((s) => {
      const prepared = prepare(s.sql);
      if (prepared.reader) return prepared.all(...(s.params as SqlValue[])) as Row[];
      prepared.run(...(s.params as SqlValue[]));
      return [] as Row[];
    }),
  );
  return {
    raw,
    async batch(statements) {
      try {
        return ok(runAll.immediate(statements));
      } catch (error) {
        const refusal = classifyDatabaseError(error);
        if (refusal) return err(refusal);
        throw new DatabaseFault('sqlite batch failed', { cause: error });
      }
    },
    async all<T = Row>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).all(...(params as SqlValue[])) as T[];
    },
    async first<T = Row>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).get(...(params as SqlValue[])) as T | undefined;
    },
    close() {
      raw.close();
    },
  };
}
