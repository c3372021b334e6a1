// The durable inbox and the outbox of replies. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts).
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Channel } from '../../kernel/channel.js';

/** Durable inbox: an event is stored here before the webhook acknowledges it. */
export const inboxEvents = sqliteTable(
  'inbox_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').$type<Channel>().notNull(),
    eventId: text('event_id').notNull(),
    userId: text('user_id').notNull(),
    /** The InboundEvent as JSON; '' once the retention job pruned it (the ids above stay: redelivery dedup). */
    payload: text('payload').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** Mirrors inbox_done for a cheap "what is left" scan; inbox_done's key is the guard. */
    doneAt: integer('done_at'),
    /** Turns that failed (a database fault, or a bug) and are retried from `next_attempt_at`. */
    attempts: integer('attempts').notNull().default(0),
    /** Not processed before this (ms); 0: at once. The member's later events wait behind it. */
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    /** Why the last attempt failed. */
    lastError: text('last_error'),
    /** Set when a turn kept failing for a non-transient reason and was given up (done without effects). */
    gaveUpAt: integer('gave_up_at'),
  },
  (t) => [
    uniqueIndex('inbox_events_event').on(t.channel, t.eventId),
    index('inbox_events_user').on(t.channel, t.userId, t.id),
    index('inbox_events_pending').on(t.id).where(sql`${t.doneAt} IS NULL`),
    /** "Has this member an earlier event still waiting?" without reading their history. */
    index('inbox_events_user_pending')
      .on(t.channel, t.userId, t.id)
      .where(sql`${t.doneAt} IS NULL`),
    /** Processed events whose payload the retention job has yet to prune. */
    index('inbox_events_retention')
      .on(t.doneAt)
      .where(sql`${t.payload} <> ''`),
  ],
);

/** An inbox event's effects committed: written in the same batch as those effects, so they happen once. */
export const inboxDone = sqliteTable('inbox_done', {
  inboxId: integer('inbox_id')
    .primaryKey()
    .references(() => inboxEvents.id),
  doneAt: integer('done_at').notNull(),
});

/**
 * Replies waiting to be delivered, written with the turn that produced them. The retry key is fixed at
 * creation so a push retried after a timeout or a crash is deduplicated by the platform (X-Line-Retry-Key).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    inboxId: integer('inbox_id').references(() => inboxEvents.id),
    channel: text('channel').$type<Channel>().notNull(),
    userId: text('user_id').notNull(),
    replyToken: text('reply_token'),
    /** Reply[] as JSON; '[]' once the retention job pruned a delivered (or failed) row. */
    replies: text('replies').notNull(),
    retryKey: text('retry_key').notNull(),
    /** pending | sent | failed */
    status: text('status').notNull().default('pending'),
    /** Attempts started: counted before the call, so a crash during one is known. */
    attempts: integer('attempts').notNull().default(0),
    /** Why the last attempt failed (kept after a later success; why a failed row failed). */
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** Not tried before this (ms): backoff with jitter, or Retry-After; 0: at once. */
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    /** When the latest attempt started. */
    attemptedAt: integer('attempted_at'),
    /**
     * Set while an attempt is in flight: no other pass (another isolate, a cron run) takes the row before it. A
     * process that dies mid-call leaves it; it runs out, and Node clears it at start (the row is then in doubt).
     */
    leaseUntil: integer('lease_until'),
  },
  (t) => [
    uniqueIndex('outbox_retry_key').on(t.retryKey),
    uniqueIndex('outbox_inbox').on(t.inboxId),
    index('outbox_pending').on(t.status, t.id),
    /** What is due: pending rows by their next attempt. */
    index('outbox_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    /** "Has this member an earlier reply still waiting?" (one member's replies go out in order). */
    index('outbox_user_pending')
      .on(t.channel, t.userId, t.id)
      .where(sql`${t.status} = 'pending'`),
    /** Delivered or failed rows whose body the retention job has yet to prune. */
    index('outbox_retention')
      .on(t.createdAt)
      .where(sql`${t.status} <> 'pending' AND ${t.replies} <> '[]'`),
    check('outbox_status', sql`${t.status} IN ('pending', 'sent', 'failed')`),
  ],
);

/**
 * The messages of one outbox row that WhatsApp already accepted. A turn can take several WhatsApp messages and
 * neither WhatsApp API takes an idempotency key, so a retry (after a failure, a restart or on another Worker
 * isolate) starts after the last part recorded here instead of repeating the turn from its first message.
 */
export const outboxParts = sqliteTable(
  'outbox_parts',
  {
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => outbox.id),
    part: integer('part').notNull(),
    /** WhatsApp's id of the message (wamid or whatsapp-web.js id) when it gave one. */
    messageId: text('message_id'),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.part] }), check('outbox_parts_part', sql`${t.part} >= 0`)],
);
