// Segments, broadcasts, their frozen audiences and LINE multicast batches. drizzle-kit reads every
// src/**/db/schema.ts (drizzle.config.ts) to generate migrations/; the status guards drizzle cannot express are in
// migrations/0010_broadcast_guards.sql.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Channel } from '../../kernel/channel.js';
import type { Language } from '../../kernel/i18n/language.js';
import { members } from '../../members/db/schema.js';
import type { SkipReason } from '../domain/segment.js';
import type { BroadcastStatus } from '../store.js';

/** A saved filter over members; `filter` is the JSON the domain's segmentFilterSchema validates. */
export const segments = sqliteTable(
  'segments',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    filter: text('filter').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [check('segments_filter_json', sql`json_valid(${t.filter})`)],
);

/**
 * A broadcast: content for a segment, now or at a time. Status moves scheduled -> sending -> done, or to cancelled;
 * guarded updates (WHERE status = ...) make every move happen once. The audience is frozen into
 * broadcast_recipients in the same batch that moves it to sending.
 */
export const broadcasts = sqliteTable(
  'broadcasts',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    segmentCode: text('segment_code')
      .notNull()
      .references(() => segments.code),
    /** The BroadcastContent JSON (per-language messages and the WhatsApp fallback). */
    content: text('content').notNull(),
    status: text('status').$type<BroadcastStatus>().notNull(),
    scheduledAt: integer('scheduled_at').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [
    index('broadcasts_due').on(t.status, t.scheduledAt),
    check('broadcasts_status', sql`${t.status} IN ('scheduled', 'sending', 'done', 'cancelled')`),
    check('broadcasts_content_json', sql`json_valid(${t.content})`),
  ],
);

/**
 * The frozen audience: one row per member per broadcast (the UNIQUE key is the "exactly once per member" guard),
 * on the one channel chosen for them. `batch_id` is the LINE multicast (or the outbox row for WhatsApp) that
 * carries it; skipped rows say why (opted_out, frequency_cap, unreachable, cancelled).
 */
export const broadcastRecipients = sqliteTable(
  'broadcast_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    broadcastId: text('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    channel: text('channel').$type<Channel>().notNull(),
    userId: text('user_id').notNull(),
    language: text('language').$type<Language>().notNull(),
    status: text('status').$type<'queued' | 'sent' | 'failed' | 'skipped'>().notNull(),
    reason: text('reason').$type<SkipReason>(),
    batchId: text('batch_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('broadcast_recipients_once').on(t.broadcastId, t.memberId),
    // Serves the send queue (equality on all but reason) and, in this column order, the progress count
    // (GROUP BY channel, status, reason) from the index alone.
    index('broadcast_recipients_queue').on(t.broadcastId, t.channel, t.status, t.reason, t.language, t.batchId),
    index('broadcast_recipients_member').on(t.memberId, t.sentAt),
    index('broadcast_recipients_batch').on(t.batchId),
    check('broadcast_recipients_status', sql`${t.status} IN ('queued', 'sent', 'failed', 'skipped')`),
    check(
      'broadcast_recipients_reason',
      sql`(${t.status} = 'skipped') = (${t.reason} IN ('opted_out', 'frequency_cap', 'unreachable', 'cancelled'))`,
    ),
  ],
);

/**
 * One LINE multicast (<= 500 recipients). The row, with its retry key, is committed BEFORE the call, so a retry
 * after a timeout or a crash repeats the same X-Line-Retry-Key and LINE answers 409 instead of sending twice.
 */
export const broadcastBatches = sqliteTable(
  'broadcast_batches',
  {
    /** Also the X-Line-Retry-Key (a UUID). */
    id: text('id').primaryKey(),
    broadcastId: text('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    channel: text('channel').$type<Channel>().notNull(),
    language: text('language').$type<Language>().notNull(),
    size: integer('size').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * 1 once a call may have reached LINE without an answer saying it did not (set before each call; a 429 to a
     * batch never in doubt clears it). Cancel abandons only batches not in doubt: one in doubt is finished with its
     * retry key, so LINE's 409 keeps the report exact.
     */
    inDoubt: integer('in_doubt').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    index('broadcast_batches_pending').on(t.broadcastId, t.status),
    check('broadcast_batches_status', sql`${t.status} IN ('pending', 'sent', 'failed')`),
    check('broadcast_batches_size', sql`${t.size} BETWEEN 1 AND 500`),
  ],
);
