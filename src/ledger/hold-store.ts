// The storage port of holds (db/holds-sql.ts implements it; the guards are in migrations/0023_holds_guards.sql).
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { AccountRef } from './domain/accounts.js';
import type { HoldRecord, HoldRefusalCode } from './domain/hold.js';
import type { Reason } from './domain/reasons.js';

export interface NewHold {
  readonly key: string;
  readonly memberId: string;
  readonly pointType: string;
  readonly amount: number;
  readonly params: Readonly<Record<string, string | number | null>>;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** A debit whose amount the database works out inside the batch: at most `max`, at most what the wallet can spend. */
export interface CappedDebit {
  readonly key: string;
  readonly memberId: string;
  readonly pointType: string;
  readonly to: AccountRef;
  readonly reason: Reason;
  /** A scalar SQL expression: the most this debit may take (read inside the batch). */
  readonly max: Statement;
  readonly createdAt: number;
}

export interface HoldStore {
  /** Refused (insufficient_points) when the wallet cannot spare the points until the hold ends. */
  insertHold(h: NewHold): Statement;
  /** Marks the hold captured with `points` spent by the transfer `captureKey`; refused unless still pending. */
  captureHold(key: string, points: number, captureKey: string, now: number): Statement;
  voidHold(key: string, now: number): Statement;
  /** Marks up to `limit` pending holds whose time has come as expired (RETURNING id). */
  expireDue(now: number, limit: number): Statement;
  /** The capped debit's transfer, written only when it takes at least one point. */
  cappedDebit(d: CappedDebit): Statement;
  /** A scalar SQL expression: what the wallet can spend, as text with thousands separators ('1,250'). */
  spendableText(memberId: string, pointType: string, now: number): Statement;
  /** A scalar SQL expression: the points the transfers with these keys moved, in all (0 when none exists). */
  transferredSum(keys: readonly string[]): Statement;
  /** The same as text with thousands separators ('1,250'). */
  transferredText(keys: readonly string[]): Statement;
  hold(key: string): Promise<HoldRecord | undefined>;
  /** Pending holds of a member that are still live at `now`, earliest expiry first. */
  liveHolds(memberId: string, now: number): Promise<HoldRecord[]>;
  countDue(now: number): Promise<number>;
  isKeyTaken(e: BatchRefusal): boolean;
  /** What a refused batch means for holds, if one of their guards refused it. */
  classify(e: BatchRefusal): HoldRefusalCode | undefined;
}
