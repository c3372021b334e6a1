import type { Database, Row, SqlValue } from '../kernel/database.js';
import { err, ok } from '../kernel/result.js';
import { classifyDatabaseError, DatabaseFault } from './errors.js';

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
      const r = await bind(sql, params).all<T>();
      return r.results ?? [];
    },
    async first<T = Row>(sql: string, params: readonly SqlValue[] = []) {
      return (await bind(sql, params).first<T>()) ?? undefined;
    },
  };
}
