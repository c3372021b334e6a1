// Brands, their stores and the stores' POS API keys. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts).
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A program's brands (a group may run several); each store belongs to one. The migration creates `default`. */
export const brands = sqliteTable(
  'brands',
  {
    code: text('code').primaryKey(),
    nameZhTw: text('name_zh_tw').notNull(),
    nameEn: text('name_en').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [check('brands_code_format', sql`length(${t.code}) BETWEEN 1 AND 32`)],
);

export const stores = sqliteTable(
  'stores',
  {
    code: text('code').primaryKey(),
    /** Shown beside store keys; a store defined with names carries its zh-TW name here too. */
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    /**
     * The store's brand. No REFERENCES clause: SQLite cannot add one with a default to a table that holds rows, so
     * triggers guard it instead (stores_brand_exists on insert and update, brands_in_use on delete: migrations).
     */
    brandCode: text('brand_code').notNull().default('default'),
    /** Null for stores made before brands existed and never defined since (their `name` serves both languages). */
    nameZhTw: text('name_zh_tw'),
    nameEn: text('name_en'),
    /** The local date it opens or opened (program timezone), for "opening week" earn rules. */
    opensOn: text('opens_on'),
  },
  (t) => [index('stores_brand').on(t.brandCode)],
);

/** Store API keys, hashed (SHA-256) at rest; the plain key is shown once at creation. */
export const storeKeys = sqliteTable(
  'store_keys',
  {
    id: text('id').primaryKey(),
    storeCode: text('store_code')
      .notNull()
      .references(() => stores.code),
    keyHash: text('key_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
    /** When the key last authenticated a request (to the minute; null: never since this column exists). */
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [uniqueIndex('store_keys_hash').on(t.keyHash)],
);
