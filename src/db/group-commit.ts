// Group commit for the better-sqlite3 driver: the batches asked for during one turn of the event loop (the webhooks,
// turns and delivery marks of concurrent members) commit in ONE immediate transaction, each batch in a savepoint of
// its own. A batch stays atomic and is refused alone (its savepoint rolls back; the others commit); the batches
// run in the order they were asked for, as consecutive transactions would; no caller hears "done" before the
// COMMIT. What it saves: one BEGIN/COMMIT and one write of each shared page (index and table leaves, the WAL
// frames) per group instead of per batch.
import type { BatchRefusal, Row, Statement } from '../kernel/database.js';
import type { Result } from '../kernel/result.js';
import { DatabaseFault, isBusy } from './errors.js';

export type BatchResult = Result<Row[][], BatchRefusal>;

/** One batch's outcome in a group: its result, or an error that is not a refusal (its savepoint rolled back). */
export type GroupOutcome = { readonly result: BatchResult } | { readonly error: unknown };

export interface GroupCommitDeps {
  /** One batch in a transaction of its own (with the driver's busy retry). */
  single(statements: readonly Statement[]): Promise<BatchResult>;
  /** Several in one transaction; rejects when the transaction as a whole failed (busy past the retry, lost). */
  together(batches: readonly (readonly Statement[])[]): Promise<GroupOutcome[]>;
  /** At most this many batches in one transaction (it holds the event loop while it runs). 64 by default. */
  readonly maxBatches?: number;
}

interface Waiting {
  readonly statements: readonly Statement[];
  resolve(r: BatchResult): void;
  reject(e: unknown): void;
}

// Taken at load: a test's fake timers must not hold the database's commits.
const nextTurn: (fn: () => void) => void = globalThis.setImmediate ?? ((fn) => setTimeout(fn, 0));

export class GroupCommit {
  private queue: Waiting[] = [];
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();
  private running = 0;
  /** Transactions committed and batches in them, for benches and tests. */
  readonly stats = { transactions: 0, batches: 0 };

  constructor(private readonly d: GroupCommitDeps) {}

  batch(statements: readonly Statement[]): Promise<BatchResult> {
    return new Promise<BatchResult>((resolve, reject) => {
      this.queue.push({ statements, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      nextTurn(() => {
        if (this.scheduled) this.flush();
      });
    });
  }

  /** True while batches wait for their group or a group is committing. */
  busy(): boolean {
    return this.queue.length > 0 || this.running > 0;
  }

  /** Commits what is queued now (without waiting for the next turn) and resolves when every group is done. */
  drain(): Promise<void> {
    this.flushNow();
    return this.tail;
  }

  /**
   * Starts what is queued now, synchronously when no group is in flight: a read that follows a batch it did not
   * await (a fire-and-forget write, then a scan) sees that write, as it did when every batch ran at once.
   */
  flushNow(): void {
    if (this.queue.length > 0) this.flush();
  }

  private flush(): void {
    this.scheduled = false;
    const max = this.d.maxBatches ?? 64;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, max);
      const run = () =>
        this.commit(group)
          .catch((error: unknown) => {
            for (const w of group) w.reject(error);
          })
          .finally(() => {
            this.running--;
          });
      // One group at a time: a group waiting for another process's lock keeps the order of what follows it. With
      // none in flight it starts now (its first try runs synchronously).
      this.running++;
      this.tail = this.running === 1 ? run() : this.tail.then(run);
    }
  }

  private async commit(group: readonly Waiting[]): Promise<void> {
    this.stats.transactions++;
    this.stats.batches += group.length;
    const [only] = group;
    if (only && group.length === 1) return settle(only, this.d.single(only.statements));
    let outcomes: GroupOutcome[];
    try {
      outcomes = await this.d.together(group.map((w) => w.statements));
    } catch (error) {
      // Another process held the lock past the retry budget: every batch of the group waited as long.
      if (error instanceof DatabaseFault && isBusy(error.cause)) {
        for (const w of group) w.reject(error);
        return;
      }
      // The transaction itself was lost (nothing of it committed): each batch again on its own, for its own answer.
      for (const w of group) await settle(w, this.d.single(w.statements));
      return;
    }
    const again: Waiting[] = [];
    for (const [i, w] of group.entries()) {
      const o = outcomes[i];
      if (o && 'result' in o) w.resolve(o.result);
      else if (o && isBusy(o.error)) again.push(w);
      else w.reject(new DatabaseFault('sqlite batch failed', { cause: o?.error }));
    }
    for (const w of again) await settle(w, this.d.single(w.statements));
  }
}

const settle = (w: Waiting, result: Promise<BatchResult>): Promise<void> => result.then(w.resolve, w.reject);
