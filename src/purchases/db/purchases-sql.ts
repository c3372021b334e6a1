import type { RowOf } from '../../db/row.js';
import { type Database, type Statement, stmt } from '../../kernel/database.js';
import type { members } from '../../members/db/schema.js';
import {
  type EarningRecord,
  type MemberRecord,
  PURCHASE_REFUSALS,
  type PurchaseDetail,
  type PurchaseRecord,
  type PurchaseStore,
  type PurchaseStoreRefusal,
  type RefundRecord,
  type ShortfallRow,
} from '../store.js';
import type { purchaseEarnings, purchaseRefunds, purchases } from './schema.js';

type MemberRow = Pick<RowOf<typeof members>, 'id' | 'member_code' | 'language'>;
type PurchaseRow = RowOf<typeof purchases> & { member_code: string };
type EarningRow = RowOf<typeof purchaseEarnings>;
type RefundRow = RowOf<typeof purchaseRefunds>;

const PURCHASE_ID = '(SELECT id FROM purchases WHERE store_code = ? AND receipt = ?)';
const REFUND_ID = '(SELECT id FROM purchase_refunds WHERE purchase_id = ? AND refund_code = ?)';

const toMember = (r: MemberRow): MemberRecord => ({ id: r.id, memberCode: r.member_code, language: r.language });

function toPurchase(r: PurchaseRow): PurchaseRecord {
  return {
    id: r.id,
    storeCode: r.store_code,
    receipt: r.receipt,
    memberId: r.member_id,
    memberCode: r.member_code,
    amount: r.amount,
    refundedAmount: r.refunded_amount,
    at: r.at,
    requestHash: r.request_hash,
    detail: JSON.parse(r.detail) as PurchaseDetail,
    createdAt: r.created_at,
  };
}

const toEarning = (r: EarningRow): EarningRecord => ({
  id: r.id,
  seq: r.seq,
  ruleCode: r.rule_code,
  pointType: r.point_type,
  points: r.points,
  reversed: r.reversed,
  transferKey: r.transfer_key,
});

/** Purchases and refunds, and the two reads of members' tables they need (a member, where to tell them). */
export function sqlPurchaseStore(db: Database): PurchaseStore {
  const member = async (where: string, value: string) => {
    const row = await db.first<MemberRow>(`SELECT id, member_code, language FROM members WHERE ${where}`, [value]);
    return row && toMember(row);
  };
  return {
    memberById: (id) => member('id = ?', id),
    memberByCode: (code) => member('member_code = ?', code),
    memberByPhone: (e164) => member('phone_e164 = ? AND phone_duplicate_of IS NULL', e164),
    async notifyTarget(memberId) {
      return db.first(
        `SELECT i.channel AS channel, i.user_id AS userId, m.language AS language
         FROM identities i JOIN members m ON m.id = i.member_id
         WHERE i.member_id = ? AND i.reachable = 1 ORDER BY i.last_seen_at DESC LIMIT 1`,
        [memberId],
      );
    },

    insertPurchase: (p) =>
      stmt(
        `INSERT INTO purchases (store_code, receipt, member_id, amount, at, request_hash, detail, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        p.storeCode,
        p.receipt,
        p.memberId,
        p.amount,
        p.at,
        p.requestHash,
        JSON.stringify(p.detail),
        p.createdAt,
      ),
    insertEarning: (storeCode, receipt, l) =>
      stmt(
        `INSERT INTO purchase_earnings (purchase_id, seq, rule_code, point_type, points, transfer_key)
         VALUES (${PURCHASE_ID}, ?, ?, ?, ?, ?)`,
        storeCode,
        receipt,
        l.seq,
        l.ruleCode,
        l.pointType,
        l.points,
        l.transferKey,
      ),
    async purchase(storeCode, receipt) {
      const row = await db.first<PurchaseRow>(
        `SELECT p.*, m.member_code FROM purchases p JOIN members m ON m.id = p.member_id
         WHERE p.store_code = ? AND p.receipt = ?`,
        [storeCode, receipt],
      );
      return row && toPurchase(row);
    },
    async earnings(purchaseId) {
      const rows = await db.all<EarningRow>('SELECT * FROM purchase_earnings WHERE purchase_id = ? ORDER BY seq', [
        purchaseId,
      ]);
      return rows.map(toEarning);
    },

    insertRefund: (purchaseId, refundCode, amount, requestHash, now) =>
      stmt(
        `INSERT INTO purchase_refunds (purchase_id, refund_code, amount, request_hash, created_at)
         VALUES (?, ?, ?, ?, ?)`,
        purchaseId,
        refundCode,
        amount,
        requestHash,
        now,
      ),
    insertRefundLine: (purchaseId, refundCode, earningId, transferKey) =>
      // The purchase's refunded total already counts this refund (trigger purchase_refunds_post), so this line is
      // due floor(points x refunded / amount) less what earlier refunds were due: the refunds of a purchase add up
      // to exactly what it earned once it is refunded in full.
      stmt(
        `INSERT INTO refund_lines (refund_id, earning_id, due, transfer_key)
         SELECT ${REFUND_ID}, e.id, (e.points * p.refunded_amount) / p.amount - e.reversed, ?
         FROM purchase_earnings e JOIN purchases p ON p.id = e.purchase_id
         WHERE e.id = ? AND p.id = ?`,
        purchaseId,
        refundCode,
        transferKey,
        earningId,
        purchaseId,
      ),
    refundLineDue: (purchaseId, refundCode, earningId) =>
      stmt(
        `(SELECT due FROM refund_lines WHERE refund_id = ${REFUND_ID} AND earning_id = ?)`,
        purchaseId,
        refundCode,
        earningId,
      ),
    refundShortfalls: ({ from, to, brand, limit }) =>
      db.all<ShortfallRow>(
        `SELECT p.store_code AS store, p.receipt AS receipt, r.refund_code AS refund, m.member_code AS memberCode,
                e.point_type AS pointType, SUM(l.due) AS wanted, COALESCE(SUM(t.amount), 0) AS taken, r.created_at AS at
         FROM purchase_refunds r
         JOIN purchases p ON p.id = r.purchase_id
         JOIN members m ON m.id = p.member_id
         JOIN stores s ON s.code = p.store_code
         JOIN refund_lines l ON l.refund_id = r.id
         JOIN purchase_earnings e ON e.id = l.earning_id
         LEFT JOIN transfers t ON t.idempotency_key = l.transfer_key
         WHERE r.created_at >= ? AND r.created_at < ? AND (? IS NULL OR s.brand_code = ?)
         GROUP BY r.id, e.point_type
         HAVING SUM(l.due) > COALESCE(SUM(t.amount), 0)
         ORDER BY r.created_at, r.id, e.point_type
         LIMIT ?`,
        [from, to, brand ?? null, brand ?? null, limit],
      ),
    shortfallText: (purchaseId, refundCode, taken, template) => shortfallText(purchaseId, refundCode, taken, template),
    async refund(purchaseId, refundCode) {
      const row = await db.first<RefundRow>(
        'SELECT * FROM purchase_refunds WHERE purchase_id = ? AND refund_code = ?',
        [purchaseId, refundCode],
      );
      if (!row) return undefined;
      const lines = await db.all<{ earningId: number; pointType: string; due: number; transferKey: string }>(
        `SELECT l.earning_id AS earningId, e.point_type AS pointType, l.due AS due, l.transfer_key AS transferKey
         FROM refund_lines l JOIN purchase_earnings e ON e.id = l.earning_id WHERE l.refund_id = ? ORDER BY e.seq`,
        [row.id],
      );
      const refund: RefundRecord = {
        id: row.id,
        refundCode: row.refund_code,
        amount: row.amount,
        requestHash: row.request_hash,
        createdAt: row.created_at,
        lines,
      };
      return refund;
    },

    isReceiptTaken: (e) => e.kind === 'unique' && e.target === 'purchases.store_code,purchases.receipt',
    isRefundTaken: (e) =>
      e.kind === 'unique' && e.target === 'purchase_refunds.purchase_id,purchase_refunds.refund_code',
    classify(e) {
      if (e.kind !== 'refused') return undefined;
      if ((PURCHASE_REFUSALS as readonly string[]).includes(e.code)) return e.code as PurchaseStoreRefusal;
      if (e.code === 'purchases_refunded_range') return 'refund_exceeds_purchase';
      if (e.code === 'purchase_earnings_reversed_range') return 'refund_exceeds_earned';
      return undefined;
    },
  };
}

function shortfallText(purchaseId: number, refundCode: string, taken: Statement, template: string): Statement {
  const due = `(SELECT COALESCE(SUM(due), 0) FROM refund_lines WHERE refund_id = ${REFUND_ID})`;
  return stmt(
    `(SELECT CASE WHEN d.due - d.taken > 0 THEN replace(?, '{shortfall}', printf('%,d', d.due - d.taken)) ELSE '' END
      FROM (SELECT ${due} AS due, (${taken.sql}) AS taken) d)`,
    template,
    purchaseId,
    refundCode,
    ...taken.params,
  );
}
