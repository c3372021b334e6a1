// The rich menus' storage port (SQL in db/rich-menu-sql.ts).
import type { Statement } from '../../../kernel/database.js';
import type { RichMenuKind } from './domain/menu.js';

export interface RichMenuRow {
  readonly hash: string;
  readonly kind: RichMenuKind;
  readonly state: 'creating' | 'ready';
  readonly claimToken: string;
  readonly claimedAt: number;
  readonly lineRichMenuId: string | null;
  readonly bulkLinkedAt: number | null;
}

export interface LinkRow {
  readonly id: number;
  readonly userId: string;
  readonly action: 'link' | 'unlink';
  readonly attempts: number;
}

export interface RichMenuStore {
  /** Claims a content hash for `token` unless a row for it exists (UNIQUE hash: one claimer). */
  claim(hash: string, kind: RichMenuKind, token: string, now: number): Promise<void>;
  byHash(hash: string): Promise<RichMenuRow | undefined>;
  /** Takes over a claim left stale by `from`; true when this call got it. */
  takeOver(hash: string, from: string, token: string, now: number): Promise<boolean>;
  /** Marks it created on LINE; false when the claim was lost meanwhile. */
  markReady(hash: string, token: string, lineRichMenuId: string, now: number): Promise<boolean>;
  /** Lets the claim go (a failed create): the next sync takes it at once. */
  release(hash: string, token: string): Promise<void>;
  /** Claims the bulk link of a member menu (once, or again when a claim is older than `staleBefore`). */
  claimBulk(hash: string, now: number, staleBefore: number): Promise<boolean>;
  markBulkLinked(hash: string, now: number): Promise<void>;
  /** LINE user ids of members' reachable LINE chats, in id order, after `after`. */
  lineMemberIds(after: string, limit: number): Promise<string[]>;

  /** The statement that queues a per-user link or unlink (for the batch of a registration, link or unfollow). */
  enqueueLink(userId: string, action: 'link' | 'unlink', now: number): Statement;
  /** Due rows, each the oldest open row of its user, leased for `leaseMs` (attempt counted) before any call. */
  claimDueLinks(now: number, leaseMs: number, limit: number): Promise<LinkRow[]>;
  finishLink(id: number, outcome: 'linked' | 'unlinked' | 'failed', error: string | null, now: number): Promise<void>;
  retryLink(id: number, error: string, at: number, countAttempt: boolean): Promise<void>;
  openLinks(): Promise<number>;
}
