// The ledger's tables: point types, accounts, transfers and the lots they create and consume. drizzle-kit reads
// every src/**/db/schema.ts (drizzle.config.ts) to generate migrations/; the triggers that drizzle cannot express
// live in custom migrations (migrations/0001_ledger_guards.sql) and are covered by the ledger contract tests.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from '../../members/db/schema.js';
import type { AccountKind } from '../domain/accounts.js';
import type { LotLifetime } from '../domain/point-type.js';

/** Times are integer epoch milliseconds everywhere; local dates are 'YYYY-MM-DD' text. */
export const pointTypes = sqliteTable(
  'point_types',
  {
    code: text('code').primaryKey(),
    nameZhTw: text('name_zh_tw').notNull(),
    nameEn: text('name_en').notNull(),
    /** Money value of one point in integer minor units (e.g. NT$0.01 -> 1). */
    valueMinor: integer('value_minor').notNull().default(0),
    currency: text('currency').notNull().default('TWD'),
    issueFrom: integer('issue_from'),
    issueTo: integer('issue_to'),
    /** 'days' (lifetime_days from the credit), 'end_of_month', 'end_of_year' or 'never'. */
    lifetimeKind: text('lifetime_kind').$type<LotLifetime['kind']>().notNull().default('days'),
    lifetimeDays: integer('lifetime_days'),
    createdAt: integer('created_at').notNull(),
    /** The word after an amount ("點", "point"/"points"; a stamp card: "枚", "stamp"/"stamps"). */
    unitZhTw: text('unit_zh_tw').notNull().default('點'),
    unitEnOne: text('unit_en_one').notNull().default('point'),
    unitEnOther: text('unit_en_other').notNull().default('points'),
  },
  (t) => [
    check('point_types_code_format', sql`${t.code} GLOB '[a-z0-9_-]*' AND length(${t.code}) BETWEEN 1 AND 32`),
    check('point_types_value_nonneg', sql`${t.valueMinor} >= 0`),
    check(
      'point_types_lifetime',
      sql`(${t.lifetimeKind} = 'days' AND ${t.lifetimeDays} > 0) OR (${t.lifetimeKind} IN ('end_of_month', 'end_of_year', 'never') AND ${t.lifetimeDays} IS NULL)`,
    ),
    check('point_types_window', sql`${t.issueFrom} IS NULL OR ${t.issueTo} IS NULL OR ${t.issueFrom} < ${t.issueTo}`),
  ],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** wallet | issuance | campaign_budget | redemption | expiry | partner_settlement */
    kind: text('kind').$type<AccountKind>().notNull(),
    /** Member id for a wallet, campaign code for a budget, partner code for a settlement; '' for program accounts. */
    owner: text('owner').notNull().default(''),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    balance: integer('balance').notNull().default(0),
    /**
     * For a wallet: the sum of its lots' remaining points, kept by triggers on `lots` at every change of a lot
     * (migrations/0027_ledger_posting_split.sql), so posting a transfer checks balance = lots by reading one row.
     */
    lotTotal: integer('lot_total').notNull().default(0),
    mayGoNegative: integer('may_go_negative').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('accounts_kind_owner_type').on(t.kind, t.owner, t.pointType),
    check(
      'accounts_kind',
      sql`${t.kind} IN ('wallet', 'issuance', 'campaign_budget', 'redemption', 'expiry', 'partner_settlement')`,
    ),
    check('accounts_may_go_negative_flag', sql`${t.mayGoNegative} IN (0, 1)`),
    // The flag is fixed by kind so that no caller can open a wallet or a budget that may overdraw.
    check(
      'accounts_negative_only_for_sinks',
      sql`${t.mayGoNegative} = (CASE WHEN ${t.kind} IN ('wallet', 'campaign_budget') THEN 0 ELSE 1 END)`,
    ),
    check('accounts_balance_floor', sql`${t.mayGoNegative} = 1 OR ${t.balance} >= 0`),
  ],
);

export const transfers = sqliteTable(
  'transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull(),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    debitAccountId: integer('debit_account_id').references(() => accounts.id),
    creditAccountId: integer('credit_account_id').references(() => accounts.id),
    amount: integer('amount').notNull(),
    reasonCode: text('reason_code').notNull(),
    /** JSON object: the parameters the chat needs to say why (campaign title, coupon name, earned date...). */
    reasonParams: text('reason_params').notNull().default('{}'),
    /** The transfer this one reverses; a transfer can be reversed once. */
    reversesTransferId: integer('reverses_transfer_id'),
    /** Expiry of the lot a credit to a wallet creates (null: never). Ignored for other transfers. */
    lotExpiresAt: integer('lot_expires_at'),
    /** For an expiry transfer: the one lot it expires. */
    expiresLotId: integer('expires_lot_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('transfers_idempotency_key').on(t.idempotencyKey),
    // Partial: only reversals have an entry, so a plain transfer writes no page of this index.
    uniqueIndex('transfers_reverses_once')
      .on(t.reversesTransferId)
      .where(sql`${t.reversesTransferId} IS NOT NULL`),
    index('transfers_debit_account').on(t.debitAccountId, t.id),
    index('transfers_credit_account').on(t.creditAccountId, t.id),
    check('transfers_amount_range', sql`typeof(${t.amount}) = 'integer' AND ${t.amount} BETWEEN 1 AND 2147483647`),
    check('transfers_distinct_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check('transfers_key_nonempty', sql`length(${t.idempotencyKey}) BETWEEN 1 AND 200`),
    check('transfers_reason_params_json', sql`json_valid(${t.reasonParams})`),
  ],
);

export const lots = sqliteTable(
  'lots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    sourceTransferId: integer('source_transfer_id')
      .notNull()
      .references(() => transfers.id),
    amount: integer('amount').notNull(),
    remaining: integer('remaining').notNull(),
    expiresAt: integer('expires_at'),
    /** Bumped when a reversal puts points back, so a later expiry of the same lot gets a fresh key. */
    restorations: integer('restorations').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('lots_live').on(t.accountId, t.expiresAt).where(sql`${t.remaining} > 0`),
    index('lots_due').on(t.expiresAt).where(sql`${t.remaining} > 0 AND ${t.expiresAt} IS NOT NULL`),
    check('lots_amount_positive', sql`${t.amount} > 0`),
    check('lots_remaining_range', sql`${t.remaining} >= 0 AND ${t.remaining} <= ${t.amount}`),
  ],
);

/** Which lots a debit took points from (negative) or a reversal put back (positive). */
export const lotMovements = sqliteTable(
  'lot_movements',
  {
    transferId: integer('transfer_id')
      .notNull()
      .references(() => transfers.id),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    delta: integer('delta').notNull(),
  },
  (t) => [
    uniqueIndex('lot_movements_pk').on(t.transferId, t.lotId),
    check('lot_movements_nonzero', sql`${t.delta} <> 0`),
  ],
);

/** Expiry reminders sent: one per member per expiry instant. */
export const expiryReminders = sqliteTable(
  'expiry_reminders',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    pointType: text('point_type').notNull(),
    expiresAt: integer('expires_at').notNull(),
    amount: integer('amount').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('expiry_reminders_once').on(t.memberId, t.pointType, t.expiresAt)],
);

/**
 * Holds: the pending half of a two-phase transfer (TigerBeetle's pending transfer). A hold reserves points of one
 * wallet until it is captured (a normal transfer spends up to what it holds, the rest is released), voided, or
 * expires. Nothing moves while it is pending; the guards of migrations/0023_holds_guards.sql keep every spend from
 * the wallet within what the pending holds leave (src/ledger/holds.ts).
 */
export const holds = sqliteTable(
  'holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Unique per cause: `store:<store>:<hold>` (idempotent placement). */
    holdKey: text('hold_key').notNull(),
    /** The wallet; null only in a refused insert (no wallet: nothing to hold). */
    accountId: integer('account_id').references(() => accounts.id),
    pointType: text('point_type').notNull(),
    amount: integer('amount').notNull(),
    /** pending | captured | voided | expired; only a pending hold changes, once. */
    status: text('status').$type<'pending' | 'captured' | 'voided' | 'expired'>().notNull().default('pending'),
    /** Points the capture spent (the rest was released); 0 unless captured. */
    captured: integer('captured').notNull().default(0),
    /** The idempotency key of the transfer that spent the captured points. */
    captureKey: text('capture_key'),
    /** JSON object: who placed it and why (the store), for the capture's reason. */
    params: text('params').notNull().default('{}'),
    createdAt: integer('created_at').notNull(),
    /** A pending hold counts until this instant and not after, whether or not the sweep has marked it expired. */
    expiresAt: integer('expires_at').notNull(),
    settledAt: integer('settled_at'),
  },
  (t) => [
    uniqueIndex('holds_key').on(t.holdKey),
    uniqueIndex('holds_capture_key').on(t.captureKey),
    index('holds_pending').on(t.accountId, t.expiresAt).where(sql`${t.status} = 'pending'`),
    index('holds_due').on(t.expiresAt).where(sql`${t.status} = 'pending'`),
    check('holds_amount_range', sql`typeof(${t.amount}) = 'integer' AND ${t.amount} BETWEEN 1 AND 2147483647`),
    check('holds_status', sql`${t.status} IN ('pending', 'captured', 'voided', 'expired')`),
    check(
      'holds_captured_range',
      sql`(${t.status} = 'captured' AND ${t.captured} BETWEEN 1 AND ${t.amount}) OR (${t.status} <> 'captured' AND ${t.captured} = 0)`,
    ),
    check('holds_window', sql`${t.expiresAt} > ${t.createdAt}`),
    check('holds_settled', sql`(${t.status} = 'pending') = (${t.settledAt} IS NULL)`),
    check('holds_params_json', sql`json_valid(${t.params})`),
  ],
);
