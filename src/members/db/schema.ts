// Members, their chat identities, identity linking, tags and broadcast opt-outs. drizzle-kit reads every
// src/**/db/schema.ts (drizzle.config.ts) to generate migrations/; times are integer epoch milliseconds.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Channel } from '../../kernel/channel.js';
import type { Language } from '../../kernel/i18n/language.js';

export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    /** Shown on the card and scanned at the till; unguessable enough not to be enumerated. */
    memberCode: text('member_code').notNull(),
    name: text('name').notNull(),
    phoneE164: text('phone_e164').notNull(),
    birthday: text('birthday'),
    language: text('language').$type<Language>().notNull(),
    consentVersion: text('consent_version').notNull(),
    consentAt: integer('consent_at').notNull(),
    registeredAt: integer('registered_at').notNull(),
    registeredLocalDate: text('registered_local_date').notNull(),
    /**
     * Set only by migration 0018, which made phone numbers unique: a member who had registered a number an earlier
     * member already had keeps it, marked with that earlier member's id, outside the UNIQUE index members_phone.
     * Nobody new gets the mark (trigger members_phone_duplicate_insert, migration 0019).
     */
    phoneDuplicateOf: text('phone_duplicate_of'),
  },
  (t) => [
    uniqueIndex('members_code').on(t.memberCode),
    /** One member per E.164 number (issue 12, item 10). */
    uniqueIndex('members_phone')
      .on(t.phoneE164)
      .where(sql`${t.phoneDuplicateOf} IS NULL`),
    check('members_language', sql`${t.language} IN ('zh-TW', 'en')`),
    check('members_phone_e164', sql`${t.phoneE164} GLOB '+[1-9]*' AND length(${t.phoneE164}) BETWEEN 9 AND 16`),
  ],
);

/** A chat identity (LINE user, WhatsApp chat) and the member it belongs to, once registered. */
export const identities = sqliteTable(
  'identities',
  {
    channel: text('channel').$type<Channel>().notNull(),
    userId: text('user_id').notNull(),
    memberId: text('member_id').references(() => members.id),
    /** Language chosen before registering (from the platform profile or the language command). */
    language: text('language').$type<Language>(),
    /** 0 after unfollow/block: no pushes, nothing deleted. */
    reachable: integer('reachable').notNull().default(1),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('identities_pk').on(t.channel, t.userId),
    index('identities_member').on(t.memberId),
    check('identities_channel', sql`${t.channel} IN ('line', 'wa_web', 'wa_cloud', 'simulator')`),
    check('identities_reachable', sql`${t.reachable} IN (0, 1)`),
  ],
);

/** One-time codes that attach another chat identity to a member (8 digits, 10 minutes: domain/link-code.ts). */
export const linkCodes = sqliteTable(
  'link_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    /** The chat that asked for the code: told when it is used, with a one-tap unlink (null before migration 0018). */
    issuedChannel: text('issued_channel').$type<Channel>(),
    issuedUserId: text('issued_user_id'),
    /** The chat that used it: what that unlink detaches. */
    usedChannel: text('used_channel').$type<Channel>(),
    usedUserId: text('used_user_id'),
  },
  (t) => [index('link_codes_code').on(t.code, t.expiresAt)],
);

/**
 * Every code entered and checked, right or wrong (one refused by a limit is not recorded). Wrong ones count toward
 * the chat's limit, the program-wide limit per minute and the death of the live codes of their bucket.
 */
export const linkAttempts = sqliteTable(
  'link_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').$type<Channel>().notNull(),
    userId: text('user_id').notNull(),
    ok: integer('ok').notNull(),
    at: integer('at').notNull(),
    /** The first 3 digits of the code entered (null before migration 0018). */
    bucket: text('bucket'),
    /** LINK_MAX_WRONG_PER_MINUTE when it was entered: the link_attempts_limits trigger reads it from the new row. */
    maxWrongPerMinute: integer('max_wrong_per_minute'),
  },
  (t) => [
    index('link_attempts_identity').on(t.channel, t.userId, t.at),
    index('link_attempts_bucket').on(t.bucket, t.at),
    index('link_attempts_wrong').on(t.ok, t.at),
  ],
);

/** Members who said stop/退訂: no broadcasts until they say start/訂閱. Replies to their own messages still go out. */
export const broadcastOptOuts = sqliteTable('broadcast_opt_outs', {
  memberId: text('member_id')
    .primaryKey()
    .references(() => members.id),
  at: integer('at').notNull(),
});

/** Tags admins put on members; segments filter on them. */
export const memberTags = sqliteTable(
  'member_tags',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    tag: text('tag').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('member_tags_pk').on(t.memberId, t.tag),
    index('member_tags_tag').on(t.tag),
    check('member_tags_format', sql`length(${t.tag}) BETWEEN 1 AND 40`),
  ],
);
