// The kernel's one table. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts) to generate migrations/.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Rate limits shared by every process and Workers isolate on this database (src/kernel/rate-limit.ts): when the
 * next call slot of each limit is free, in microseconds since the epoch (a 200/s limit is 5,000 µs a slot).
 */
export const rateLimits = sqliteTable('rate_limits', {
  name: text('name').primaryKey(),
  nextFreeUs: integer('next_free_us').notNull(),
});
