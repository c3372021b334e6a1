// drizzle's query builder, used to BUILD statements from the module schemas, never to run them: the stores hand
// the SQL text and parameters to the Database port, which runs them in one batch on better-sqlite3 or D1. A
// statement built from the schema cannot name a column the schema lacks, so schema, row types and SQL stay one.

import { drizzle } from 'drizzle-orm/sqlite-proxy';
import type { SqlValue, Statement } from '../kernel/database.js';

/** Builds SQL only: running a query through it is a bug, and says so. */
export const sqlBuilder = drizzle(async () => {
  throw new Error('sqlBuilder builds statements; run them through the Database port');
});

/** A built query as the Database port's Statement. */
export function built(query: { toSQL(): { sql: string; params: unknown[] } }): Statement {
  const { sql, params } = query.toSQL();
  return { sql, params: params as SqlValue[] };
}
