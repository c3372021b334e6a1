// The storage port of purchases and refunds (db/purchases-sql.ts implements it; guards: migrations/0025).
import type { Channel } from '../kernel/channel.js';
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';
import type { EarnedLine, PurchaseDetail } from './domain/purchase.js';

export type { EarnedLine, PurchaseDetail } from './domain/purchase.js';

export interface MemberRecord {
  readonly id: string;
  readonly memberCode: string;
  readonly language: Language;
}

/** Where a transactional message to the member goes: their most recently seen reachable chat. */
export interface NotifyTarget {
  readonly channel: Channel;
  readonly userId: string;
  readonly language: Language;
}

export interface NewPurchase {
  readonly storeCode: string;
  readonly receipt: string;
  readonly memberId: string;
  readonly amount: number;
  readonly at: number;
  readonly requestHash: string;
  readonly detail: PurchaseDetail;
  readonly createdAt: number;
}

export interface PurchaseRecord extends Omit<NewPurchase, 'createdAt'> {
  readonly id: number;
  readonly memberCode: string;
  readonly refundedAmount: number;
  readonly createdAt: number;
}

export interface EarningRecord {
  readonly id: number;
  readonly seq: number;
  readonly ruleCode: string;
  readonly pointType: string;
  readonly points: number;
  /** What refunds are due to take back of it so far. */
  readonly reversed: number;
  readonly transferKey: string;
}

export interface RefundLineRecord {
  readonly earningId: number;
  readonly pointType: string;
  readonly due: number;
  readonly transferKey: string;
}

export interface RefundRecord {
  readonly id: number;
  readonly refundCode: string;
  readonly amount: number;
  readonly requestHash: string;
  readonly createdAt: number;
  readonly lines: readonly RefundLineRecord[];
}

export const PURCHASE_REFUSALS = ['refund_exceeds_purchase', 'refund_exceeds_earned', 'purchase_not_found'] as const;
export type PurchaseStoreRefusal = (typeof PURCHASE_REFUSALS)[number];

/** One refund's shortfall in one point type: what it was due to take back and what the wallet could give. */
export interface ShortfallRow {
  readonly store: string;
  readonly receipt: string;
  readonly refund: string;
  readonly memberCode: string;
  readonly pointType: string;
  readonly wanted: number;
  readonly taken: number;
  readonly at: number;
}

export interface PurchaseStore {
  /** Refunds made in [from, to) that could not take back all they were due, oldest first (at most `limit`). */
  refundShortfalls(q: { from: number; to: number; brand?: string; limit: number }): Promise<ShortfallRow[]>;
  memberById(id: string): Promise<MemberRecord | undefined>;
  memberByCode(code: string): Promise<MemberRecord | undefined>;
  /** The member who holds this E.164 number (one per number). */
  memberByPhone(e164: string): Promise<MemberRecord | undefined>;
  notifyTarget(memberId: string): Promise<NotifyTarget | undefined>;

  insertPurchase(p: NewPurchase): Statement;
  insertEarning(storeCode: string, receipt: string, line: EarnedLine & { ruleCode: string }): Statement;
  purchase(storeCode: string, receipt: string): Promise<PurchaseRecord | undefined>;
  earnings(purchaseId: number): Promise<EarningRecord[]>;

  insertRefund(purchaseId: number, refundCode: string, amount: number, requestHash: string, now: number): Statement;
  /** The refund's line for one earning: what it is due to take back, worked out in the batch from the totals. */
  insertRefundLine(purchaseId: number, refundCode: string, earningId: number, transferKey: string): Statement;
  /** A scalar SQL expression: what the refund line is due to take back (for the capped reversal). */
  refundLineDue(purchaseId: number, refundCode: string, earningId: number): Statement;
  /**
   * A scalar SQL expression: `template` with `{shortfall}` filled in when the refund's lines were due more than
   * `taken` (an SQL expression), else ''.
   */
  shortfallText(purchaseId: number, refundCode: string, taken: Statement, template: string): Statement;
  refund(purchaseId: number, refundCode: string): Promise<RefundRecord | undefined>;

  isReceiptTaken(e: BatchRefusal): boolean;
  isRefundTaken(e: BatchRefusal): boolean;
  classify(e: BatchRefusal): PurchaseStoreRefusal | undefined;
}
