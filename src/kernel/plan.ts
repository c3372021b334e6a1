import type { BatchRefusal, CommitFact, Database, Statement } from './database.js';
import { err, ok, type Result } from './result.js';

/**
 * A command prepared for a batch: its statements, and how to read the batch's outcome. The chat puts a plan's
 * statements in the same batch as the turn's state and replies; the admin and store APIs run a plan alone.
 */
export interface Plan<T, E extends string> {
  readonly statements: readonly Statement[];
  /** Success value to report if the batch commits. */
  readonly success: T;
  /** Maps a refusal of the batch to this command's outcome code, or undefined if it is not this command's. */
  refusal(e: BatchRefusal): E | undefined;
  /** Values the chat's replies show as of this batch's commit (see CommitFact). */
  readonly facts?: readonly CommitFact[];
}

export type Planned<T, E extends string> = Result<Plan<T, E>, { code: E | 'not_configured' }>;

/** Runs a plan on its own (admin, store and tests); the chat batches plans with its turn instead. */
export async function executePlan<T, E extends string>(
  db: Database,
  planned: Planned<T, E>,
): Promise<Result<T, { code: E | 'not_configured' }>> {
  if (!planned.ok) return planned;
  const r = await db.batch(planned.value.statements);
  if (r.ok) return ok(planned.value.success);
  const code = planned.value.refusal(r.error);
  if (code) return err({ code });
  throw new Error(`unexpected refusal: ${describeRefusal(r.error)}`);
}

/** Commits statements that no guard is expected to refuse (definitions, settings); a refusal is a fault. */
export async function commitAll(db: Database, statements: readonly Statement[]): Promise<void> {
  const r = await db.batch(statements);
  if (!r.ok) throw new Error(`write refused: ${describeRefusal(r.error)}`);
}

/** A refusal as a fault message names: the trigger's code, or the UNIQUE key taken. */
export const describeRefusal = (e: BatchRefusal): string => (e.kind === 'unique' ? e.target : e.code);

/**
 * A refusal code meaning "a race, not an answer": the command lost to a concurrent write (a member code or a
 * link code taken meanwhile) and the whole turn is simply rebuilt from fresh reads.
 */
export const RETRY = 'retry';
