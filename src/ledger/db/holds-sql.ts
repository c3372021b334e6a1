import type { RowOf } from '../../db/row.js';
import { type Database, type Statement, stmt } from '../../kernel/database.js';
import { accountOwner } from '../domain/accounts.js';
import { type HoldRecord, type HoldRefusalCode, isHoldRefusalCode } from '../domain/hold.js';
import type { HoldStore } from '../hold-store.js';
import type { holds } from './schema.js';

const WALLET_ID = "(SELECT id FROM accounts WHERE kind = 'wallet' AND owner = ? AND point_type = ?)";

/**
 * What the wallet `account` (an SQL expression naming its id) can spend at `?` (now, bound three times): its lots
 * still live when the last of its pending holds ends, less what those holds reserve. The guards of
 * migrations/0023_holds_guards.sql refuse any debit beyond it; without holds it is the wallet's live lots.
 */
export function spendableSql(account: string): string {
  const live = `h.account_id = ${account} AND h.status = 'pending' AND h.expires_at > ?`;
  return `((SELECT COALESCE(SUM(l.remaining), 0) FROM lots l WHERE l.account_id = ${account} AND l.remaining > 0
      AND (l.expires_at IS NULL OR l.expires_at > COALESCE((SELECT MAX(h.expires_at) FROM holds h WHERE ${live}), ?)))
    - (SELECT COALESCE(SUM(h.amount), 0) FROM holds h WHERE ${live}))`;
}

/** Points the wallet `account` holds for pending holds still live at `?` (now). */
export function heldSql(account: string): string {
  return `(SELECT COALESCE(SUM(h.amount), 0) FROM holds h WHERE h.account_id = ${account} AND h.status = 'pending'
    AND h.expires_at > ?)`;
}

type HoldRow = RowOf<typeof holds> & { member_id: string };

const HOLD_SELECT = 'SELECT h.*, a.owner AS member_id FROM holds h JOIN accounts a ON a.id = h.account_id';

function toHold(r: HoldRow): HoldRecord {
  return {
    id: r.id,
    key: r.hold_key,
    memberId: r.member_id,
    pointType: r.point_type,
    amount: r.amount,
    status: r.status,
    captured: r.captured,
    captureKey: r.capture_key,
    params: JSON.parse(r.params) as HoldRecord['params'],
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    settledAt: r.settled_at,
  };
}

const CHECKS: ReadonlyMap<string, HoldRefusalCode> = new Map([
  ['holds_amount_range', 'invalid_points'],
  ['holds_window', 'invalid_expiry'],
  ['holds_captured_range', 'capture_exceeds_hold'],
]);

export function sqlHoldStore(db: Database): HoldStore {
  return {
    insertHold: (h) =>
      stmt(
        `INSERT INTO holds (hold_key, account_id, point_type, amount, params, created_at, expires_at)
         VALUES (?, ${WALLET_ID}, ?, ?, ?, ?, ?)`,
        h.key,
        h.memberId,
        h.pointType,
        h.pointType,
        h.amount,
        JSON.stringify(h.params),
        h.createdAt,
        h.expiresAt,
      ),
    captureHold: (key, points, captureKey, now) =>
      stmt(
        `UPDATE holds SET status = 'captured', captured = ?, capture_key = ?, settled_at = ? WHERE hold_key = ?`,
        points,
        captureKey,
        now,
        key,
      ),
    voidHold: (key, now) => stmt(`UPDATE holds SET status = 'voided', settled_at = ? WHERE hold_key = ?`, now, key),
    expireDue: (now, limit) =>
      stmt(
        `UPDATE holds SET status = 'expired', settled_at = ?
         WHERE id IN (SELECT id FROM holds WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?)
         RETURNING id`,
        now,
        now,
        limit,
      ),
    cappedDebit: (d) => cappedDebit(d),
    spendableText: (memberId, pointType, now) =>
      stmt(
        `COALESCE((SELECT printf('%,d', ${spendableSql('w.id')}) FROM accounts w
           WHERE w.kind = 'wallet' AND w.owner = ? AND w.point_type = ?), '0')`,
        now,
        now,
        now,
        memberId,
        pointType,
      ),
    transferredSum,
    transferredText: (keys) => {
      const sum = transferredSum(keys);
      return stmt(`printf('%,d', ${sum.sql})`, ...sum.params);
    },
    async hold(key) {
      const row = await db.first<HoldRow>(`${HOLD_SELECT} WHERE h.hold_key = ?`, [key]);
      return row && toHold(row);
    },
    async liveHolds(memberId, now) {
      const rows = await db.all<HoldRow>(
        `${HOLD_SELECT} WHERE a.kind = 'wallet' AND a.owner = ? AND h.status = 'pending' AND h.expires_at > ?
         ORDER BY h.expires_at, h.id`,
        [memberId, now],
      );
      return rows.map(toHold);
    },
    async countDue(now) {
      const row = await db.first<{ n: number }>(
        "SELECT COUNT(*) AS n FROM holds WHERE status = 'pending' AND expires_at <= ?",
        [now],
      );
      return row?.n ?? 0;
    },
    isKeyTaken: (e) => e.kind === 'unique' && e.target === 'holds.hold_key',
    classify(e) {
      if (e.kind !== 'refused') return undefined;
      return isHoldRefusalCode(e.code) ? e.code : CHECKS.get(e.code);
    },
  };
}

function transferredSum(keys: readonly string[]): Statement {
  if (keys.length === 0) return stmt('0');
  return stmt(
    `(SELECT COALESCE(SUM(amount), 0) FROM transfers WHERE idempotency_key IN (${keys.map(() => '?').join(', ')}))`,
    ...keys,
  );
}

/** The capped debit: a transfer of MIN(max, what the wallet can spend), or nothing when that is 0. */
function cappedDebit(d: Parameters<HoldStore['cappedDebit']>[0]): Statement {
  return stmt(
    `INSERT INTO transfers (idempotency_key, point_type, debit_account_id, credit_account_id, amount, reason_code,
       reason_params, created_at)
     SELECT ?, ?, x.id, (SELECT id FROM accounts WHERE kind = ? AND owner = ? AND point_type = ?), x.amount, ?, ?, ?
     FROM (SELECT w.id, MIN((${d.max.sql}), ${spendableSql('w.id')}) AS amount
           FROM accounts w WHERE w.kind = 'wallet' AND w.owner = ? AND w.point_type = ?) x
     WHERE x.amount > 0`,
    d.key,
    d.pointType,
    d.to.kind,
    accountOwner(d.to),
    d.pointType,
    d.reason.code,
    JSON.stringify(d.reason.params ?? {}),
    d.createdAt,
    ...d.max.params,
    d.createdAt,
    d.createdAt,
    d.createdAt,
    d.memberId,
    d.pointType,
  );
}
