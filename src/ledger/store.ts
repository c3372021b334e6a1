import type { BatchRefusal, Row, Statement } from '../kernel/database.js';
import type { AccountRef } from './domain/accounts.js';
import type { LedgerRefusalCode } from './domain/errors.js';
import type { PointType } from './domain/point-type.js';
import type { Reason } from './domain/reasons.js';

/** A transfer as recorded. */
export interface TransferRecord {
  readonly id: number;
  readonly key: string;
  readonly pointType: string;
  readonly debit: AccountRef;
  readonly credit: AccountRef;
  readonly amount: number;
  readonly reason: Reason;
  readonly reversesTransferId: number | null;
  readonly lotExpiresAt: number | null;
  readonly createdAt: number;
}

export interface NewTransfer {
  readonly key: string;
  readonly pointType: string;
  readonly debit: AccountRef;
  readonly credit: AccountRef;
  readonly amount: number;
  readonly reason: Reason;
  readonly reversesTransferId?: number | null;
  readonly lotExpiresAt?: number | null;
  readonly createdAt: number;
}

export interface WalletBalance {
  readonly pointType: string;
  /** Points in the wallet, including lots past their expiry that the sweep has not taken yet. */
  readonly balance: number;
  /** What can be spent now: live lots that have not expired, less what live holds reserve (src/ledger/holds.ts). */
  readonly available: number;
  /** Points that live holds reserve (0 without holds). */
  readonly held: number;
}

export interface ExpiringPoints {
  readonly pointType: string;
  readonly amount: number;
  readonly expiresAt: number;
}

/** One lot with points left, as `expiring`/`即將到期` lists them. */
export interface ExpiringLot {
  readonly pointType: string;
  readonly amount: number;
  readonly expiresAt: number;
}

export interface HistoryEntry {
  readonly transferId: number;
  readonly pointType: string;
  /** Signed change to the wallet. */
  readonly delta: number;
  readonly reason: Reason;
  readonly createdAt: number;
}

export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  /** Pass as `beforeId` for the next (older) page; null when there is none. */
  readonly nextBeforeId: number | null;
}

/** What the ledger use cases need from storage: statements to batch, and reads. */
export interface LedgerStore {
  upsertPointType(pointType: PointType, now: number): Statement[];
  openAccount(ref: AccountRef, pointType: string, now: number): Statement;
  insertTransfer(transfer: NewTransfer): Statement;
  /**
   * The record of `transfer` from the rows of a committed batch that ran its insertTransfer statement (the insert
   * returns the row's id), without reading it again; undefined if the rows do not hold it.
   */
  insertedTransfer(transfer: NewTransfer, rows: readonly (readonly Row[])[]): TransferRecord | undefined;
  /** Expiry transfers for up to `limit` lots that expired at or before `now`; keyed per lot, so a rerun is a no-op. */
  expireDueLots(now: number, limit: number): Statement;

  pointType(code: string): Promise<PointType | undefined>;
  pointTypes(): Promise<PointType[]>;
  transferByKey(key: string): Promise<TransferRecord | undefined>;
  transferById(id: number): Promise<TransferRecord | undefined>;
  walletBalances(memberId: string, now: number): Promise<WalletBalance[]>;
  nextExpiring(memberId: string, now: number): Promise<ExpiringPoints[]>;
  /** Live lots that expire after `now` and before `until`, earliest first. */
  expiringLots(memberId: string, now: number, until: number, limit: number): Promise<ExpiringLot[]>;
  history(memberId: string, options: { limit: number; beforeId?: number | null }): Promise<HistoryPage>;
  countDueLots(now: number): Promise<number>;

  /** True when a batch was refused because a transfer with the same idempotency key is already recorded. */
  isKeyTaken(e: BatchRefusal): boolean;
  /** The ledger refusal that a guard's refusal stands for (a trigger's code, a CHECK, a UNIQUE key), if any. */
  refusalOf(e: BatchRefusal): LedgerRefusalCode | undefined;
}

/** Points about to expire for one member, point type and expiry instant, and where to remind them. */
export interface DueReminder {
  readonly memberId: string;
  readonly pointType: string;
  readonly expiresAt: number;
  readonly amount: number;
  readonly language: 'zh-TW' | 'en';
  readonly channel: 'line' | 'wa_web' | 'wa_cloud' | 'simulator';
  readonly userId: string;
}

/** Expiry reminders: one per member, point type and expiry instant (UNIQUE). */
export interface ReminderStore {
  /** Points expiring in (from, to] per member, type and instant, not yet reminded, with a reachable identity. */
  dueReminders(from: number, to: number, limit: number): Promise<DueReminder[]>;
  insertReminder(r: DueReminder, now: number): Statement;
}
