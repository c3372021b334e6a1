// Stores and their POS API keys. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts).
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const stores = sqliteTable('stores', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
});

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
  },
  (t) => [uniqueIndex('store_keys_hash').on(t.keyHash)],
);
