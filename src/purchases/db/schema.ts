// Purchases recorded through the store API, what each earned, and their refunds. drizzle-kit reads every
// src/**/db/schema.ts (drizzle.config.ts). The guards drizzle cannot express (refunds within the purchase and within
// what it earned, append-only rows) are in migrations/0025_purchases_guards.sql.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from '../../members/db/schema.js';
import { stores } from '../../stores/db/schema.js';

/** One purchase per (store, receipt): the idempotency key of the store API. */
export const purchases = sqliteTable(
  'purchases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    storeCode: text('store_code')
      .notNull()
      .references(() => stores.code),
    receipt: text('receipt').notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    /** Integer minor units (NT$1 = 100). */
    amount: integer('amount').notNull(),
    /** What the refunds took back so far, minor units (kept by the trigger on purchase_refunds). */
    refundedAmount: integer('refunded_amount').notNull().default(0),
    /** When the purchase happened (epoch ms; may lie in the past for late sync). */
    at: integer('at').notNull(),
    /** SHA-256 of the canonical request: the same receipt with another body is a conflict. */
    requestHash: text('request_hash').notNull(),
    /** JSON: the items, the earn breakdown and the captured hold, as answered. */
    detail: text('detail').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('purchases_receipt').on(t.storeCode, t.receipt),
    index('purchases_member').on(t.memberId, t.at),
    check('purchases_receipt_length', sql`length(${t.receipt}) BETWEEN 1 AND 64`),
    check('purchases_amount_range', sql`typeof(${t.amount}) = 'integer' AND ${t.amount} BETWEEN 1 AND 1000000000`),
    check('purchases_refunded_range', sql`${t.refundedAmount} >= 0 AND ${t.refundedAmount} <= ${t.amount}`),
    check('purchases_detail_json', sql`json_valid(${t.detail})`),
  ],
);

/** One line per earn rule that earned points: its transfer and what refunds have taken back of it. */
export const purchaseEarnings = sqliteTable(
  'purchase_earnings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purchaseId: integer('purchase_id')
      .notNull()
      .references(() => purchases.id),
    seq: integer('seq').notNull(),
    ruleCode: text('rule_code').notNull(),
    pointType: text('point_type').notNull(),
    points: integer('points').notNull(),
    /** Points the refunds are due to take back (floor of points x refunded / amount): never more than earned. */
    reversed: integer('reversed').notNull().default(0),
    transferKey: text('transfer_key').notNull(),
  },
  (t) => [
    uniqueIndex('purchase_earnings_line').on(t.purchaseId, t.seq),
    check('purchase_earnings_points', sql`${t.points} > 0`),
    check('purchase_earnings_reversed_range', sql`${t.reversed} >= 0 AND ${t.reversed} <= ${t.points}`),
  ],
);

/** A refund of (part of) a purchase, once per (purchase, refund id). */
export const purchaseRefunds = sqliteTable(
  'purchase_refunds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purchaseId: integer('purchase_id')
      .notNull()
      .references(() => purchases.id),
    refundCode: text('refund_code').notNull(),
    amount: integer('amount').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('purchase_refunds_code').on(t.purchaseId, t.refundCode),
    check('purchase_refunds_code_length', sql`length(${t.refundCode}) BETWEEN 1 AND 64`),
    check('purchase_refunds_amount', sql`typeof(${t.amount}) = 'integer' AND ${t.amount} >= 1`),
  ],
);

/** What a refund is due to take back of one earn line; the transfer `transfer_key` took what the wallet had. */
export const refundLines = sqliteTable(
  'refund_lines',
  {
    refundId: integer('refund_id')
      .notNull()
      .references(() => purchaseRefunds.id),
    earningId: integer('earning_id')
      .notNull()
      .references(() => purchaseEarnings.id),
    due: integer('due').notNull(),
    transferKey: text('transfer_key').notNull(),
  },
  (t) => [uniqueIndex('refund_lines_pk').on(t.refundId, t.earningId), check('refund_lines_due', sql`${t.due} >= 0`)],
);
