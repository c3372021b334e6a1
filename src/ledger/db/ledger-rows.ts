// Rows of the ledger's tables as its SQL reads them, and the records they map to (ledger-sql.ts).
import type { RowOf } from '../../db/row.js';
import { type AccountKind, type AccountRef, accountOwner } from '../domain/accounts.js';
import type { LotLifetime, PointType } from '../domain/point-type.js';
import type { Reason, ReasonCode, ReasonParams } from '../domain/reasons.js';
import type { NewTransfer, TransferRecord } from '../store.js';
import type { accounts, pointTypes, transfers } from './schema.js';

export type AccountRow = RowOf<typeof accounts>;

/** A transfer with the kind and owner of both accounts (TRANSFER_SELECT). */
export type TransferRow = Pick<
  RowOf<typeof transfers>,
  | 'id'
  | 'idempotency_key'
  | 'point_type'
  | 'amount'
  | 'reason_code'
  | 'reason_params'
  | 'reverses_transfer_id'
  | 'lot_expires_at'
  | 'created_at'
> & {
  debit_kind: AccountRow['kind'];
  debit_owner: AccountRow['owner'];
  credit_kind: AccountRow['kind'];
  credit_owner: AccountRow['owner'];
};

export type PointTypeRow = RowOf<typeof pointTypes>;

/** A wallet's side of a transfer (history): the transfer's columns, its amount signed for the wallet. */
export type HistoryRow = Pick<
  RowOf<typeof transfers>,
  'id' | 'point_type' | 'reason_code' | 'reason_params' | 'created_at'
> & {
  delta: number;
};

export const TRANSFER_SELECT = `
  SELECT t.id, t.idempotency_key, t.point_type, d.kind AS debit_kind, d.owner AS debit_owner,
         c.kind AS credit_kind, c.owner AS credit_owner, t.amount, t.reason_code, t.reason_params,
         t.reverses_transfer_id, t.lot_expires_at, t.created_at
  FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id`;

export function accountRef(kind: AccountKind, owner: string): AccountRef {
  switch (kind) {
    case 'wallet':
      return { kind, memberId: owner };
    case 'campaign_budget':
      return { kind, campaign: owner };
    case 'partner_settlement':
      return { kind, partner: owner };
    default:
      return { kind };
  }
}

export function reason(code: string, params: string): Reason {
  return { code: code as ReasonCode, params: JSON.parse(params) as ReasonParams };
}

export function toTransfer(r: TransferRow): TransferRecord {
  return {
    id: r.id,
    key: r.idempotency_key,
    pointType: r.point_type,
    debit: accountRef(r.debit_kind, r.debit_owner),
    credit: accountRef(r.credit_kind, r.credit_owner),
    amount: r.amount,
    reason: reason(r.reason_code, r.reason_params),
    reversesTransferId: r.reverses_transfer_id,
    lotExpiresAt: r.lot_expires_at,
    createdAt: r.created_at,
  };
}

/** What insertTransfer's RETURNING names its columns: distinct from any other statement's in a batch. */
export const INSERTED_ID = 'ledger_inserted_transfer_id';
export const INSERTED_KEY = 'ledger_inserted_transfer_key';

/** The record of a transfer just inserted with `id`: the row it wrote, mapped as a read of it would map it. */
export function insertedRecord(t: NewTransfer, id: number): TransferRecord {
  return toTransfer({
    id,
    idempotency_key: t.key,
    point_type: t.pointType,
    debit_kind: t.debit.kind,
    debit_owner: accountOwner(t.debit),
    credit_kind: t.credit.kind,
    credit_owner: accountOwner(t.credit),
    amount: t.amount,
    reason_code: t.reason.code,
    reason_params: JSON.stringify(t.reason.params ?? {}),
    reverses_transfer_id: t.reversesTransferId ?? null,
    lot_expires_at: t.lotExpiresAt ?? null,
    created_at: t.createdAt,
  });
}

export function toPointType(r: PointTypeRow): PointType {
  const lifetime: LotLifetime =
    r.lifetime_kind === 'days' ? { kind: 'days', days: r.lifetime_days ?? 1 } : { kind: r.lifetime_kind };
  return {
    code: r.code,
    names: { 'zh-TW': r.name_zh_tw, en: r.name_en },
    valueMinor: r.value_minor,
    currency: r.currency,
    issueFrom: r.issue_from,
    issueTo: r.issue_to,
    lifetime,
    units: { 'zh-TW': r.unit_zh_tw, en: { one: r.unit_en_one, other: r.unit_en_other } },
  };
}
