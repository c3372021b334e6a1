// Retention: the names and phone numbers members type live in inbox payloads and outbox bodies. Once an event is
// processed and its replies delivered (or failed), those are blanked after RETENTION_DAYS. The rows stay with what
// idempotency needs: the inbox's (channel, event id) still recognises a redelivery however late, and inbox_done
// still guards the effects.
import type { Clock } from '../kernel/clock.js';
import type { Database, Statement } from '../kernel/database.js';
import { DAY_MS } from '../kernel/time.js';
import type { InboxStore } from './store.js';

/** Rows one statement blanks, and at most this many statements per table and run (the next run goes on). */
const PRUNE_CHUNK = 1000;
const PRUNE_ROUNDS = 50;

export interface RetentionRun {
  readonly inboxPayloads: number;
  readonly outboxBodies: number;
}

export async function pruneProcessed(
  o: { readonly db: Database; readonly store: InboxStore; readonly clock: Clock },
  days: number,
): Promise<RetentionRun> {
  const before = o.clock.now() - days * DAY_MS;
  const prune = async (statement: (limit: number) => Statement) => {
    let total = 0;
    for (let round = 0; round < PRUNE_ROUNDS; round++) {
      const r = await o.db.batch([statement(PRUNE_CHUNK)]);
      if (!r.ok) throw new Error(`retention refused: ${r.error.kind}`);
      const n = (r.value[0] ?? []).length;
      total += n;
      if (n < PRUNE_CHUNK) break;
    }
    return total;
  };
  return {
    inboxPayloads: await prune((limit) => o.store.pruneInbox(before, limit)),
    outboxBodies: await prune((limit) => o.store.pruneOutbox(before, limit)),
  };
}
