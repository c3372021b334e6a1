// A Database that fails on cue, in front of a real one: `fault` sees each batch and may answer with an error to throw
// (a bug's Error, or a DatabaseFault as the driver throws it when SQLite is busy). Reads pass through.
import { DatabaseFault } from '../../src/db/errors.js';
import type { Database, Statement } from '../../src/kernel/database.js';

export class FaultyDatabase implements Database {
  fault: ((statements: readonly Statement[]) => Error | undefined) | undefined;
  constructor(readonly inner: Database) {}

  batch: Database['batch'] = (statements) => {
    const error = this.fault?.(statements);
    return error ? Promise.reject(error) : this.inner.batch(statements);
  };
  all: Database['all'] = (sql, params) => this.inner.all(sql, params);
  first: Database['first'] = (sql, params) => this.inner.first(sql, params);
}

/** What better-sqlite3 throws when another connection holds the write lock past busy_timeout, as the driver wraps it. */
export function busyFault(): DatabaseFault {
  const cause = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  return new DatabaseFault('sqlite batch failed', { cause });
}

/** True for the batch that commits inbox event `inboxId`'s turn (its inbox_done mark), not a give-up. */
export const commitsTurn = (inboxId: number) => (statements: readonly Statement[]) =>
  statements.some((s) => s.sql.startsWith('INSERT INTO inbox_done') && s.params[0] === inboxId) &&
  !statements.some((s) => s.sql.includes('gave_up_at'));
