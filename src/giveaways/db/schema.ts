// Flash giveaways and their claims. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts) to generate
// migrations/; the claim guard trigger is in migrations/0004_engagement_guards.sql.
import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { pointTypes } from '../../ledger/db/schema.js';
import { members } from '../../members/db/schema.js';

export const giveaways = sqliteTable(
  'giveaways',
  {
    code: text('code').primaryKey(),
    titleZhTw: text('title_zh_tw').notNull(),
    titleEn: text('title_en').notNull(),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    perClaim: integer('per_claim').notNull(),
    budget: integer('budget').notNull(),
    dailyLimit: integer('daily_limit').notNull(),
    totalLimit: integer('total_limit').notNull(),
    /** LotLifetime JSON, or null for the point type's default. */
    lifetime: text('lifetime'),
    /** Audience: members registered in [from, to] (local dates, both optional). */
    registeredFrom: text('registered_from'),
    registeredTo: text('registered_to'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('giveaways_code_format', sql`${t.code} GLOB '[A-Z0-9_-]*' AND length(${t.code}) BETWEEN 1 AND 32`),
    check('giveaways_window', sql`${t.startsAt} < ${t.endsAt}`),
    check(
      'giveaways_amounts',
      sql`${t.perClaim} > 0 AND ${t.budget} > 0 AND ${t.dailyLimit} > 0 AND ${t.totalLimit} > 0`,
    ),
  ],
);

/**
 * A claim row per successful claim. Its guards (trigger giveaway_claims_guard) check the window, the audience and
 * the per-member daily and total limits inside the claim's batch; the budget is the campaign_budget account.
 */
export const giveawayClaims = sqliteTable(
  'giveaway_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    giveawayCode: text('giveaway_code')
      .notNull()
      .references(() => giveaways.code),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    localDate: text('local_date').notNull(),
    /** 1-based count of this member's claims that day; UNIQUE with the day, so a race cannot reuse a slot. */
    daySeq: integer('day_seq').notNull(),
    totalSeq: integer('total_seq').notNull(),
    transferKey: text('transfer_key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('giveaway_claims_day_slot').on(t.giveawayCode, t.memberId, t.localDate, t.daySeq),
    uniqueIndex('giveaway_claims_total_slot').on(t.giveawayCode, t.memberId, t.totalSeq),
    uniqueIndex('giveaway_claims_transfer').on(t.transferKey),
  ],
);
