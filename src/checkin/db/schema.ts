// Daily check-ins. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts) to generate migrations/; the
// guards drizzle cannot express are in migrations/0004_engagement_guards.sql.
import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from '../../members/db/schema.js';

/** One row per member per local day: the UNIQUE key is the once-a-day guard. */
export const checkins = sqliteTable(
  'checkins',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    localDate: text('local_date').notNull(),
    streak: integer('streak').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('checkins_member_day').on(t.memberId, t.localDate),
    check('checkins_streak_positive', sql`${t.streak} >= 1`),
  ],
);
