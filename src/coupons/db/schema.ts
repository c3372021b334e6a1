// The reward catalogue and the coupons issued from it. drizzle-kit reads every src/**/db/schema.ts
// (drizzle.config.ts) to generate migrations/; the redemption guards are in migrations/0004_engagement_guards.sql.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { pointTypes } from '../../ledger/db/schema.js';
import { members } from '../../members/db/schema.js';

export const catalogItems = sqliteTable(
  'catalog_items',
  {
    code: text('code').primaryKey(),
    kind: text('kind').notNull(),
    nameZhTw: text('name_zh_tw').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZhTw: text('description_zh_tw').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    imageUrl: text('image_url'),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    cost: integer('cost').notNull(),
    /** Null: unlimited. Decremented in the redemption batch; the CHECK is the no-oversell guard. */
    stockRemaining: integer('stock_remaining'),
    perMemberLimit: integer('per_member_limit'),
    /** 'day' | 'month' | 'all' */
    limitPeriod: text('limit_period').notNull().default('all'),
    validFrom: integer('valid_from'),
    validTo: integer('valid_to'),
    validDays: integer('valid_days'),
    storeScope: text('store_scope'),
    activeFrom: integer('active_from'),
    activeTo: integer('active_to'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('catalog_items_kind', sql`${t.kind} IN ('voucher', 'donation')`),
    check('catalog_items_cost', sql`${t.cost} > 0`),
    check('catalog_stock_nonneg', sql`${t.stockRemaining} IS NULL OR ${t.stockRemaining} >= 0`),
    check('catalog_items_limit_period', sql`${t.limitPeriod} IN ('day', 'month', 'all')`),
    check('catalog_items_validity', sql`${t.kind} = 'donation' OR ${t.validDays} > 0 OR (${t.validTo} IS NOT NULL)`),
  ],
);

/** Issued coupons (and donation receipts, status 'donated'). */
export const coupons = sqliteTable(
  'coupons',
  {
    code: text('code').primaryKey(),
    itemCode: text('item_code')
      .notNull()
      .references(() => catalogItems.code),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    transferKey: text('transfer_key').notNull(),
    /** 'day:2026-03-01' | 'month:2026-03' | 'all': the per-member limit counts within it. */
    limitPeriod: text('limit_period').notNull(),
    status: text('status').notNull(),
    issuedAt: integer('issued_at').notNull(),
    validUntil: integer('valid_until'),
    storeScope: text('store_scope'),
    usedAt: integer('used_at'),
    usedStore: text('used_store'),
    usedRequestKey: text('used_request_key'),
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [
    uniqueIndex('coupons_transfer').on(t.transferKey),
    index('coupons_member').on(t.memberId, t.issuedAt),
    index('coupons_limit').on(t.itemCode, t.memberId, t.limitPeriod),
    check('coupons_status', sql`${t.status} IN ('active', 'used', 'cancelled', 'donated')`),
  ],
);
