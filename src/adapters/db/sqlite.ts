import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Database, Row, SqlValue, Statement } from '../../app/ports.js';
import { err, ok } from '../../domain/result.js';
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
  raw.pragma('journal_mode = WAL');
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  migrate(drizzle(raw), { migrationsFolder: options.migrationsFolder ?? 'migrations' });
  return wrapSqlite(raw);
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
