import type { Database, Row, SqlValue } from '../kernel/database.js';
import { err, ok } from '../kernel/result.js';
import { classifyDatabaseError, DatabaseFault, isTransientDatabaseError } from './errors.js';

/** A read that failed because D1 could not serve it now (a lost connection, an overloaded or reset database). */
function readFault(error: unknown): unknown {
  return isTransientDatabaseError(error)
    ? new DatabaseFault('d1 read failed', { cause: error, transient: true })
    : error;
}

/**
 * D1 has no BEGIN: `batch()` is its one atomic unit (all statements commit or none do), which is exactly
 * the contract the use cases write against.
 */
export function d1Database(d1: D1Database): Database {
  const bind = (sql: string, params: readonly SqlValue[]) => d1.prepare(sql).bind(...params);
  return {
    async batch(statements) {
      if (statements.length === 0) return ok([]);
      try {
        const results = await d1.batch<Row>(statements.map((s) => bind(s.sql, s.params)));
        return ok(results.map((r) => r.results ?? []));
      } catch (error) {
        const refusal = classifyDatabaseError(error);
        if (refusal) return err(refusal);
        throw new DatabaseFault('d1 batch failed', { cause: error });
      }
    },
    async all<T = Row>(sql: string, params: readonly SqlValue[] = []) {
      try {
        const r = await bind(sql, params).all<T>();
        return r.results ?? [];
      } catch (error) {
        throw readFault(error);
      }
    },
    async first<T = Row>(sql: string, params: readonly SqlValue[] = []) {
      try {
        return (await bind(sql, params).first<T>()) ?? undefined;
      } catch (error) {
        throw readFault(error);
      }
    },
  };
}
