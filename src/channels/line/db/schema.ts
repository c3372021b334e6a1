// LINE rich menus: one row per content hash (created on LINE once, by the process that claims the row), and the
// queue of per-user links and unlinks written in the batch of a registration, a link or an unfollow.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const richMenus = sqliteTable(
  'rich_menus',
  {
    /** SHA-256 of the JSON sent to LINE and the image bytes (domain/menu.ts richMenuContent). */
    hash: text('hash').primaryKey(),
    kind: text('kind').notNull(),
    /** When this content was first claimed (ms): the newest ready row of a kind is its current menu. */
    version: integer('version').notNull(),
    state: text('state').notNull().default('creating'),
    /** The process creating it; another may take the claim over once claimed_at is stale. */
    claimToken: text('claim_token').notNull(),
    claimedAt: integer('claimed_at').notNull(),
    lineRichMenuId: text('line_rich_menu_id'),
    readyAt: integer('ready_at'),
    /** Member menus: the bulk link of existing members, claimed once and finished once. */
    bulkClaimedAt: integer('bulk_claimed_at'),
    bulkLinkedAt: integer('bulk_linked_at'),
  },
  (t) => [
    check('rich_menus_kind', sql`${t.kind} IN ('guest', 'member')`),
    check('rich_menus_state', sql`${t.state} IN ('creating', 'ready')`),
    check('rich_menus_ready_id', sql`${t.state} <> 'ready' OR ${t.lineRichMenuId} IS NOT NULL`),
    index('rich_menus_current').on(t.kind, t.state, t.version),
  ],
);

export const richMenuLinks = sqliteTable(
  'rich_menu_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    action: text('action').notNull(),
    createdAt: integer('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    /** Claimed for a call until then: no other pass or process makes it meanwhile. */
    leaseUntil: integer('lease_until'),
    doneAt: integer('done_at'),
    /** 'linked', 'unlinked', or 'failed' (refused for good). */
    outcome: text('outcome'),
    lastError: text('last_error'),
  },
  (t) => [
    check('rich_menu_links_action', sql`${t.action} IN ('link', 'unlink')`),
    index('rich_menu_links_due').on(t.doneAt, t.nextAttemptAt),
    index('rich_menu_links_user').on(t.userId, t.id),
  ],
);
