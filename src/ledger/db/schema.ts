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
    uniqueIndex('transfers_reverses_once').on(t.reversesTransferId),
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
    index('lots_source').on(t.sourceTransferId),
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
    index('lot_movements_lot').on(t.lotId),
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
