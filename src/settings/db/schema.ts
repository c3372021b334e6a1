// Program settings. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts) to generate migrations/.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Program settings as JSON documents by key ('checkin', 'welcome_bonus', 'reminders'), validated by zod on read. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
