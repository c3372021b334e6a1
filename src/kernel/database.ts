import type { Result } from './result.js';

/**
 * The seam between use cases and storage. A use case collects statements from stores and commits them as
 * ONE atomic batch; the guards inside the database (constraints, triggers) decide, and a violated guard
 * comes back as a value, never as a thrown error.
 */
export type SqlValue = string | number | null;

export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/**
 * A value only the committing batch knows (what is left of a giveaway's budget right after this claim, with
 * concurrent claims committed before it): `expr` is a scalar SQL expression giving text, read inside the batch
 * that stores a turn's replies and written into them in place of `token`.
 */
export interface CommitFact {
  readonly token: string;
  readonly expr: Statement;
}

export type BatchRefusal =
  /** A trigger raised a code, or a named CHECK constraint failed. */
  | { readonly kind: 'refused'; readonly code: string }
  /** A UNIQUE key was taken: `target` is 'table.column[,column]' as the database names it. */
  | { readonly kind: 'unique'; readonly target: string };

export interface Database {
  /** Runs all statements atomically; rows returned per statement (for RETURNING). */
  batch(statements: readonly Statement[]): Promise<Result<Row[][], BatchRefusal>>;
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  first<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
}

export type Row = Record<string, SqlValue>;

/**
 * True when `error`, or an error in its cause chain, is marked `transient` by a driver: the database was busy,
 * locked or failed to read or write (src/db/errors.ts DatabaseFault), so the same work may well succeed later.
 * Anything else is a fault of the work itself (a bug, a refusal nobody expected).
 */
export function isTransientFault(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
    if ((e as { transient?: unknown }).transient === true) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export const stmt = (sql: string, ...params: SqlValue[]): Statement => ({ sql, params });
