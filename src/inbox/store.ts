import type { Reply } from '../conversation/domain/replies.js';
import type { Channel, InboundEvent } from '../kernel/channel.js';
import type { BatchRefusal, CommitFact, Statement } from '../kernel/database.js';

export interface InboxItem {
  readonly id: number;
  readonly event: InboundEvent;
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
  readonly attempts: number;
}

/** The durable inbox and the outbox of replies. */
export interface InboxStore {
  accept(events: readonly InboundEvent[], now: number): Statement[];
  pending(limit: number): Promise<InboxItem[]>;
  /** The exactly-once guard: a second markDone for the same event fails the batch it is in. */
  markDone(inboxId: number, now: number): Statement[];
  /** True when a batch was refused because the event's effects were already committed (markDone's guard). */
  isAlreadyDone(e: BatchRefusal): boolean;
  /** The replies as stored, with each fact's token replaced by its value read in the same batch. */
  enqueue(item: Omit<OutboxItem, 'id' | 'attempts'>, now: number, facts?: readonly CommitFact[]): Statement;
  /** Pending rows: up to `limit` replies to inbound events, then up to `pushLimit` pushes (no inbound event). */
  pendingOutbox(limit: number, maxAttempts: number, pushLimit?: number): Promise<OutboxItem[]>;
  markSent(outboxId: number, now: number): Statement;
  markAttempt(outboxId: number, error: string, failed: boolean): Statement;
  isDone(channel: Channel, eventId: string): Promise<boolean>;
}

/** Runs one event's turn and commits its effects once (the conversation implements it). */
export interface TurnHandler {
  handle(item: InboxItem): Promise<{ readonly status: 'done' | 'duplicate' }>;
}
