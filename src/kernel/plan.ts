import type { BatchRefusal, CommitFact, Statement } from './database.js';
import type { Result } from './result.js';

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
