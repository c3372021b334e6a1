import type { Reply } from '../conversation/domain/replies.js';
import type { Channel, InboundEvent } from '../kernel/channel.js';
import type { BatchRefusal, CommitFact, Statement } from '../kernel/database.js';

export interface InboxItem {
  readonly id: number;
  readonly event: InboundEvent;
  /** Attempts that failed so far (a database fault, a bug); 0 or absent for a fresh event. */
  readonly attempts?: number;
}

export interface OutboxItem {
  readonly id: number;
  readonly inboxId: number | null;
  readonly channel: Channel;
  readonly userId: string;
  readonly replyToken: string | null;
  readonly replies: readonly Reply[];
  /** Fixed when the row is written, so every retry of a push carries the same key. */
  readonly retryKey: string;
  /** Attempts made before this one (0: the first, when a LINE reply token may still be used). */
  readonly attempts: number;
}

/** A pending outbox row that is due, as the delivery loop reads it. */
export interface DueOutboxItem extends OutboxItem {
  /** When the row was written: its retry budget runs from here. */
  readonly createdAt: number;
}

/** The durable inbox and the outbox of replies (SQL in db/inbox-sql.ts). */
export interface InboxStore {
  accept(events: readonly InboundEvent[], now: number): Statement[];
  /**
   * Pending events, oldest first. With `now`: only those due, and none of a member who has an earlier event still
   * waiting (one member's events are processed in order, a retried one first).
   */
  pending(limit: number, now?: number): Promise<InboxItem[]>;
  /** The exactly-once guard: a second markDone for the same event fails the batch it is in. */
  markDone(inboxId: number, now: number): Statement[];
  /** True when a batch was refused because the event's effects were already committed (markDone's guard). */
  isAlreadyDone(e: BatchRefusal): boolean;
  /** A turn that failed: counted, with why, and tried again from `nextAttemptAt`. */
  deferEvent(inboxId: number, error: string, nextAttemptAt: number): Statement;
  /** A turn that kept failing for a non-transient reason: done without effects (never retried), and why. */
  giveUp(inboxId: number, error: string, now: number): Statement[];
  /** The earliest time after `after` a pending event waiting out a backoff becomes due (undefined: none). */
  nextEventDueAt(after: number): Promise<number | undefined>;
  /** The replies as stored, with each fact's token replaced by its value read in the same batch. */
  enqueue(item: Omit<OutboxItem, 'id' | 'attempts'>, now: number, facts?: readonly CommitFact[]): Statement;
  /**
   * Due rows, oldest first: up to `limit` replies to inbound events, then up to `pushLimit` pushes (no inbound
   * event). None of a member who has an earlier row of the same kind waiting out a backoff or in flight.
   */
  dueOutbox(now: number, limit: number, pushLimit: number): Promise<DueOutboxItem[]>;
  /**
   * Starts an attempt, recorded BEFORE the call (a crash during it is known): counts it and leases the row until
   * `leaseUntil`. Returns a row only when the row was still pending, due and not leased: a second pass, isolate or
   * process that reaches the same row gets none and leaves it.
   */
  claim(outboxId: number, now: number, leaseUntil: number): Statement;
  markSent(outboxId: number, now: number): Statement;
  /** The attempt failed and may work later: tried again from `nextAttemptAt`. */
  markRetry(outboxId: number, error: string, nextAttemptAt: number): Statement;
  markFailed(outboxId: number, error: string): Statement;
  /** Makes pending rows due now (one channel's, or every one): the channel is back, or an operator asks. */
  retryNow(now: number, channel?: Channel): Statement;
  /**
   * Clears the leases of rows whose attempt never finished (the process stopped during the call): they are in
   * doubt (a LINE reply may have gone out) and due again. Returns the ids. Only for a process that knows no other
   * delivers on the database (Node at start).
   */
  releaseLeases(now: number): Statement;
  /** The earliest time after `after` a pending row becomes due or its lease runs out (undefined: none). */
  nextOutboxDueAt(after: number): Promise<number | undefined>;
  isDone(channel: Channel, eventId: string): Promise<boolean>;
  /**
   * Retention: blanks at most `limit` payloads of events processed before `before`, RETURNING their ids. The row
   * stays: its (channel, event id) still recognises a redelivery, and inbox_done still guards its effects.
   */
  pruneInbox(before: number, limit: number): Statement;
  /** Retention: blanks at most `limit` bodies (and reply tokens) of rows delivered or failed before `before`. */
  pruneOutbox(before: number, limit: number): Statement;
}

/** Runs one event's turn and commits its effects once (the conversation implements it). */
export interface TurnHandler {
  handle(item: InboxItem): Promise<{ readonly status: 'done' | 'duplicate' }>;
}
