import { type BatchRefusal, type Database, type Statement, stmt } from '../../kernel/database.js';
import { type AccountRef, accountOwner, mayGoNegative } from '../domain/accounts.js';
import { isLedgerRefusalCode, type LedgerRefusalCode } from '../domain/errors.js';
import type { HistoryEntry, LedgerStore, NewTransfer } from '../store.js';
import { heldSql, spendableSql } from './holds-sql.js';
import {
  type HistoryRow,
  INSERTED_ID,
  INSERTED_KEY,
  insertedRecord,
  type PointTypeRow,
  reason,
  TRANSFER_SELECT,
  type TransferRow,
  toPointType,
  toTransfer,
} from './ledger-rows.js';

const ACCOUNT_ID = '(SELECT id FROM accounts WHERE kind = ? AND owner = ? AND point_type = ?)';

/** The database's names for the ledger's guards, and the ledger refusal each stands for. */
const KEY_TAKEN = 'transfers.idempotency_key';
const CHECK_REFUSALS: ReadonlyMap<string, LedgerRefusalCode> = new Map([
  ['accounts_balance_floor', 'insufficient_points'],
  ['transfers_amount_range', 'invalid_amount'],
]);
const UNIQUE_REFUSALS: ReadonlyMap<string, LedgerRefusalCode> = new Map([
  ['transfers.reverses_transfer_id', 'already_reversed'],
]);

function refusalOf(e: BatchRefusal): LedgerRefusalCode | undefined {
  // Trigger codes (migrations/0001_ledger_guards.sql, 0027_ledger_posting_split.sql) are the ledger's own codes.
  if (e.kind === 'refused') return isLedgerRefusalCode(e.code) ? e.code : CHECK_REFUSALS.get(e.code);
  return UNIQUE_REFUSALS.get(e.target);
}

/** The ledger's SQL, identical on better-sqlite3 and D1. The guards it relies on are in migrations/. */
export function sqlLedgerStore(db: Database): LedgerStore {
  const openAccount = (ref: AccountRef, pointType: string, now: number): Statement =>
    stmt(
      `INSERT INTO accounts (kind, owner, point_type, may_go_negative, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, owner, point_type) DO NOTHING`,
      ref.kind,
      accountOwner(ref),
      pointType,
      mayGoNegative(ref.kind) ? 1 : 0,
      now,
    );
  return {
    openAccount,

    upsertPointType(pt, now) {
      const days = pt.lifetime.kind === 'days' ? pt.lifetime.days : null;
      return [
        stmt(
          `INSERT INTO point_types (code, name_zh_tw, name_en, value_minor, currency, issue_from, issue_to,
             lifetime_kind, lifetime_days, created_at, unit_zh_tw, unit_en_one, unit_en_other)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (code) DO UPDATE SET name_zh_tw = excluded.name_zh_tw, name_en = excluded.name_en,
             value_minor = excluded.value_minor, currency = excluded.currency, issue_from = excluded.issue_from,
             issue_to = excluded.issue_to, lifetime_kind = excluded.lifetime_kind,
             lifetime_days = excluded.lifetime_days, unit_zh_tw = excluded.unit_zh_tw,
             unit_en_one = excluded.unit_en_one, unit_en_other = excluded.unit_en_other`,
          pt.code,
          pt.names['zh-TW'],
          pt.names.en,
          pt.valueMinor,
          pt.currency,
          pt.issueFrom,
          pt.issueTo,
          pt.lifetime.kind,
          days,
          now,
          pt.units['zh-TW'],
          pt.units.en.one,
          pt.units.en.other,
        ),
        ...(['issuance', 'redemption', 'expiry'] as const).map((kind) => openAccount({ kind }, pt.code, now)),
      ];
    },

    insertTransfer(t: NewTransfer): Statement {
      return stmt(
        `INSERT INTO transfers (idempotency_key, point_type, debit_account_id, credit_account_id, amount,
           reason_code, reason_params, reverses_transfer_id, lot_expires_at, created_at)
         VALUES (?, ?, ${ACCOUNT_ID}, ${ACCOUNT_ID}, ?, ?, ?, ?, ?, ?)
         RETURNING id AS ${INSERTED_ID}, idempotency_key AS ${INSERTED_KEY}`,
        t.key,
        t.pointType,
        t.debit.kind,
        accountOwner(t.debit),
        t.pointType,
        t.credit.kind,
        accountOwner(t.credit),
        t.pointType,
        t.amount,
        t.reason.code,
        JSON.stringify(t.reason.params ?? {}),
        t.reversesTransferId ?? null,
        t.lotExpiresAt ?? null,
        t.createdAt,
      );
    },

    insertedTransfer(t, rows) {
      for (const row of rows.flat()) {
        const id = row[INSERTED_ID];
        if (row[INSERTED_KEY] === t.key && typeof id === 'number') return insertedRecord(t, id);
      }
      return undefined;
    },

    expireDueLots(now, limit) {
      // MATERIALIZED: the lots to expire are chosen before any expiry transfer changes them.
      return stmt(
        `WITH due AS MATERIALIZED (
           SELECT l.id, l.remaining, l.restorations, l.created_at, l.expires_at, a.id AS account_id, a.point_type
           FROM lots l JOIN accounts a ON a.id = l.account_id
           WHERE l.remaining > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= ?
           ORDER BY l.expires_at, l.id LIMIT ?)
         INSERT INTO transfers (idempotency_key, point_type, debit_account_id, credit_account_id, amount,
           reason_code, reason_params, expires_lot_id, created_at)
         SELECT 'expiry:' || due.id || ':' || due.restorations, due.point_type, due.account_id,
           (SELECT e.id FROM accounts e WHERE e.kind = 'expiry' AND e.owner = '' AND e.point_type = due.point_type),
           due.remaining, 'expired', json_object('earnedAt', due.created_at, 'expiresAt', due.expires_at, 'lotId', due.id),
           due.id, ?
         FROM due WHERE true
         ON CONFLICT (idempotency_key) DO NOTHING`,
        now,
        limit,
        now,
      );
    },

    async pointType(code) {
      const row = await db.first<PointTypeRow>('SELECT * FROM point_types WHERE code = ?', [code]);
      return row && toPointType(row);
    },

    async pointTypes() {
      const rows = await db.all<PointTypeRow>('SELECT * FROM point_types ORDER BY created_at, code');
      return rows.map(toPointType);
    },

    async transferByKey(key) {
      const row = await db.first<TransferRow>(`${TRANSFER_SELECT} WHERE t.idempotency_key = ?`, [key]);
      return row && toTransfer(row);
    },

    async transferById(id) {
      const row = await db.first<TransferRow>(`${TRANSFER_SELECT} WHERE t.id = ?`, [id]);
      return row && toTransfer(row);
    },

    async walletBalances(memberId, now) {
      return db.all(
        `SELECT a.point_type AS pointType, a.balance AS balance, ${spendableSql('a.id')} AS available,
           ${heldSql('a.id')} AS held
         FROM accounts a WHERE a.kind = 'wallet' AND a.owner = ? ORDER BY a.point_type`,
        [now, now, now, now, memberId],
      );
    },

    async expiringLots(memberId, now, until, limit) {
      return db.all(
        `SELECT a.point_type AS pointType, l.remaining AS amount, l.expires_at AS expiresAt
         FROM accounts a JOIN lots l ON l.account_id = a.id
         WHERE a.kind = 'wallet' AND a.owner = ? AND l.remaining > 0 AND l.expires_at > ? AND l.expires_at <= ?
         ORDER BY l.expires_at, l.id LIMIT ?`,
        [memberId, now, until, limit],
      );
    },
    async nextExpiring(memberId, now) {
      // Per point type: the earliest expiry date still ahead and how many points expire then.
      return db.all(
        `SELECT a.point_type AS pointType, l.expires_at AS expiresAt, SUM(l.remaining) AS amount
         FROM accounts a JOIN lots l ON l.account_id = a.id
         WHERE a.kind = 'wallet' AND a.owner = ? AND l.remaining > 0 AND l.expires_at > ?
           AND l.expires_at = (SELECT MIN(l2.expires_at) FROM lots l2 WHERE l2.account_id = a.id
                                 AND l2.remaining > 0 AND l2.expires_at > ?)
         GROUP BY a.point_type, l.expires_at ORDER BY a.point_type`,
        [memberId, now, now],
      );
    },

    async history(memberId, { limit, beforeId }) {
      const before = beforeId ?? Number.MAX_SAFE_INTEGER;
      const rows = await db.all<HistoryRow>(
        `SELECT * FROM (
           SELECT t.id, t.point_type, t.amount AS delta, t.reason_code, t.reason_params, t.created_at
           FROM accounts a JOIN transfers t ON t.credit_account_id = a.id
           WHERE a.kind = 'wallet' AND a.owner = ? AND t.id < ?
           UNION ALL
           SELECT t.id, t.point_type, -t.amount AS delta, t.reason_code, t.reason_params, t.created_at
           FROM accounts a JOIN transfers t ON t.debit_account_id = a.id
           WHERE a.kind = 'wallet' AND a.owner = ? AND t.id < ?)
         ORDER BY id DESC LIMIT ?`,
        [memberId, before, memberId, before, limit + 1],
      );
      const entries: HistoryEntry[] = rows.slice(0, limit).map((r) => ({
        transferId: r.id,
        pointType: r.point_type,
        delta: r.delta,
        reason: reason(r.reason_code, r.reason_params),
        createdAt: r.created_at,
      }));
      const last = entries.at(-1);
      return { entries, nextBeforeId: rows.length > limit && last ? last.transferId : null };
    },

    async countDueLots(now) {
      const row = await db.first<{ n: number }>(
        'SELECT COUNT(*) AS n FROM lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?',
        [now],
      );
      return row?.n ?? 0;
    },

    isKeyTaken: (e) => e.kind === 'unique' && e.target === KEY_TAKEN,
    refusalOf,
  };
}
