import type { Channel } from '../kernel/channel.js';
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';
import type { BroadcastContent } from './domain/content.js';
import type { SegmentFilter, SkipReason } from './domain/segment.js';

export type BroadcastStatus = 'scheduled' | 'sending' | 'done' | 'cancelled';

export interface BroadcastRecord {
  readonly id: string;
  readonly name: string;
  readonly segmentCode: string;
  readonly content: BroadcastContent;
  readonly status: BroadcastStatus;
  readonly scheduledAt: number;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly cancelledAt: number | null;
}

export interface SegmentRecord {
  readonly code: string;
  readonly name: string;
  readonly filter: SegmentFilter;
  readonly updatedAt: number;
}

/** Who a segment reaches now: those who would be sent to, and those who would be skipped, by reason. */
export interface SegmentPreview {
  readonly members: number;
  readonly sendable: number;
  readonly skipped: Readonly<Record<Exclude<SkipReason, 'cancelled'>, number>>;
}

export interface BatchRecord {
  /** Also the X-Line-Retry-Key. */
  readonly id: string;
  readonly broadcastId: string;
  readonly language: Language;
  readonly attempts: number;
  /** A call may have reached LINE (see broadcast_batches.in_doubt). */
  readonly inDoubt: boolean;
  readonly userIds: readonly string[];
}

/** A queued recipient on a channel that is sent one message at a time (through the outbox). */
export interface SingleRecipient {
  readonly memberId: string;
  readonly channel: Channel;
  readonly userId: string;
  readonly language: Language;
}

export interface Progress {
  readonly total: number;
  readonly queued: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  readonly byChannel: Readonly<Partial<Record<Channel, { queued: number; sent: number; failed: number }>>>;
  readonly batches: { readonly pending: number; readonly sent: number; readonly failed: number };
}

export interface FreezeOptions {
  readonly broadcastId: string;
  readonly filter: SegmentFilter;
  readonly now: number;
  /** At most this many broadcasts per member in the 7 days before `now`. */
  readonly frequencyCap: number;
}

/** SQL for broadcasts; the app layer commits what it returns as one batch. */
export interface BroadcastStore {
  putSegment(code: string, name: string, filter: SegmentFilter, now: number): Statement;
  segment(code: string): Promise<SegmentRecord | undefined>;
  segments(): Promise<SegmentRecord[]>;
  preview(filter: SegmentFilter, now: number, frequencyCap: number): Promise<SegmentPreview>;

  addTags(memberId: string, tags: readonly string[], now: number): Statement[];
  removeTag(memberId: string, tag: string): Statement;
  tags(memberId: string): Promise<string[]>;
  memberExists(memberId: string): Promise<boolean>;

  insertBroadcast(b: BroadcastRecord): Statement;
  broadcast(id: string): Promise<BroadcastRecord | undefined>;
  broadcasts(limit: number): Promise<BroadcastRecord[]>;
  /** Broadcasts that need work: due scheduled ones and those being sent. */
  active(now: number): Promise<BroadcastRecord[]>;

  /**
   * Moves a due broadcast to sending and freezes its audience, in one batch; nothing happens if another process
   * got there first (the status guard) and the UNIQUE (broadcast, member) key refuses a second audience.
   */
  freeze(o: FreezeOptions): Statement[];
  /** True when a freeze batch was refused because another process froze the audience first (it stands). */
  isAlreadyFrozen(e: BatchRefusal): boolean;
  /** Assigns the next <= size queued LINE recipients of one language to a new batch with this retry key. */
  formBatch(broadcastId: string, language: Language, retryKey: string, size: number, now: number): Statement[];
  /** Languages that still have unbatched queued LINE recipients. */
  unbatchedLanguages(broadcastId: string): Promise<Language[]>;
  pendingBatches(broadcastId: string): Promise<BatchRecord[]>;
  batch(id: string): Promise<BatchRecord | undefined>;
  batchSent(id: string, now: number): Statement[];
  batchFailed(id: string, error: string, now: number): Statement[];
  /** A failed attempt; `inDoubt` false only when LINE surely did not take any call of this batch. */
  batchAttempt(id: string, error: string, inDoubt: boolean): Statement;
  /** Set before a call: from here on LINE may have the batch. */
  batchInDoubt(id: string): Statement;
  /**
   * The broadcast was cancelled and LINE surely does not have this batch: it is dropped and its members are skipped
   * as cancelled. Guarded: changes nothing unless the broadcast is cancelled and the batch pending and not in doubt.
   */
  batchAbandoned(id: string, now: number): Statement[];

  /** Queued recipients on one-by-one channels (WhatsApp) not yet handed to the outbox. */
  unhandedSingles(broadcastId: string, limit: number): Promise<SingleRecipient[]>;
  /** Puts one outbox row per recipient (retry key bc:<broadcast>:<member>) and marks them handed over. */
  handToOutbox(broadcastId: string, r: SingleRecipient, repliesJson: string, now: number): Statement[];
  /** Copies the outcome of delivered outbox rows back to their recipients. */
  syncFromOutbox(broadcastId: string, now: number): Statement[];

  cancel(id: string, now: number): Statement[];
  finishIfComplete(id: string, now: number): Statement;
  progress(id: string): Promise<Progress>;
}
