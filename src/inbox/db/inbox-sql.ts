// The durable inbox and the outbox of replies, on better-sqlite3 and D1 (the port is ../store.ts).
import type { Reply } from '../../conversation/domain/replies.js';
import type { RowOf } from '../../db/row.js';
import type { InboundEvent } from '../../kernel/channel.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { DueOutboxItem, InboxItem, InboxStore } from '../store.js';
import type { inboxEvents, outbox } from './schema.js';

type OutboxRow = Pick<
  RowOf<typeof outbox>,
  'id' | 'inbox_id' | 'channel' | 'user_id' | 'reply_token' | 'replies' | 'retry_key' | 'attempts' | 'created_at'
>;
type InboxEventRow = RowOf<typeof inboxEvents>;

const OUTBOX_COLUMNS =
  'o.id, o.inbox_id, o.channel, o.user_id, o.reply_token, o.replies, o.retry_key, o.attempts, o.created_at';

/**
 * Due rows of one kind (`kind`: replies, `inbox_id IS NOT NULL`, or pushes), oldest first, leaving out every row of a
 * member whose earlier row of that kind waits out a backoff or is in flight: one member's rows go out in order.
 */
const dueOfKind = (kind: string) =>
  `SELECT ${OUTBOX_COLUMNS} FROM outbox o
   WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?)
     AND o.inbox_id ${kind}
     AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.channel = o.channel AND p.user_id = o.user_id
       AND p.status = 'pending' AND p.id < o.id AND p.inbox_id ${kind}
       AND (p.next_attempt_at > ? OR p.lease_until > ?))
   ORDER BY o.id LIMIT ?`;
/** The parameters of dueOfKind (positional: better-sqlite3 takes no ?NNN). */
const dueParams = (now: number, limit: number) => [now, now, now, now, limit];

const toOutboxItem = (r: OutboxRow): DueOutboxItem => ({
  id: r.id,
  inboxId: r.inbox_id,
  channel: r.channel,
  userId: r.user_id,
  replyToken: r.reply_token,
  replies: JSON.parse(r.replies) as Reply[],
  retryKey: r.retry_key,
  attempts: r.attempts,
  createdAt: r.created_at,
});

export function sqlInboxStore(db: Database): InboxStore {
  return {
    accept(events, now) {
      return events.map((e) =>
        stmt(
          `INSERT INTO inbox_events (channel, event_id, user_id, payload, received_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (channel, event_id) DO NOTHING`,
          e.channel,
          e.eventId,
          e.userId,
          JSON.stringify(e),
          now,
        ),
      );
    },
    async pending(limit, now) {
      const rows =
        now === undefined
          ? await db.all<Pick<InboxEventRow, 'id' | 'payload' | 'attempts'>>(
              'SELECT id, payload, attempts FROM inbox_events WHERE done_at IS NULL ORDER BY id LIMIT ?',
              [limit],
            )
          : await db.all<Pick<InboxEventRow, 'id' | 'payload' | 'attempts'>>(
              `SELECT e.id, e.payload, e.attempts FROM inbox_events e
               WHERE e.done_at IS NULL AND e.next_attempt_at <= ?
                 AND NOT EXISTS (SELECT 1 FROM inbox_events p WHERE p.channel = e.channel AND p.user_id = e.user_id
                   AND p.done_at IS NULL AND p.id < e.id AND p.next_attempt_at > ?)
               ORDER BY e.id LIMIT ?`,
              [now, now, limit],
            );
      return rows.map(
        (r): InboxItem => ({ id: r.id, event: JSON.parse(r.payload) as InboundEvent, attempts: r.attempts }),
      );
    },
    markDone(inboxId, now) {
      return [
        stmt('INSERT INTO inbox_done (inbox_id, done_at) VALUES (?, ?)', inboxId, now),
        stmt('UPDATE inbox_events SET done_at = ? WHERE id = ?', now, inboxId),
      ];
    },
    isAlreadyDone: (e) => e.kind === 'unique' && e.target.startsWith('inbox_done'),
    deferEvent(inboxId, error, nextAttemptAt) {
      return stmt(
        `UPDATE inbox_events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
         WHERE id = ? AND done_at IS NULL`,
        error.slice(0, 500),
        nextAttemptAt,
        inboxId,
      );
    },
    giveUp(inboxId, error, now) {
      return [
        stmt('INSERT INTO inbox_done (inbox_id, done_at) VALUES (?, ?)', inboxId, now),
        stmt(
          'UPDATE inbox_events SET done_at = ?, gave_up_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?',
          now,
          now,
          error.slice(0, 500),
          inboxId,
        ),
      ];
    },
    async nextEventDueAt(after) {
      const r = await db.first<{ at: number | null }>(
        'SELECT MIN(next_attempt_at) AS at FROM inbox_events WHERE done_at IS NULL AND next_attempt_at > ?',
        [after],
      );
      return r?.at ?? undefined;
    },
    enqueue(item, now, facts = []) {
      // replace(replace(?, token1, expr1), token2, expr2): the values are read by this INSERT, inside the batch.
      // A token is a marker of plain ASCII that JSON.stringify leaves as it is; the values are digits and commas.
      const replies = facts.reduce((inner, f) => `replace(${inner}, ?, ${f.expr.sql})`, '?');
      return stmt(
        `INSERT INTO outbox (inbox_id, channel, user_id, reply_token, replies, retry_key, created_at)
         VALUES (?, ?, ?, ?, ${replies}, ?, ?)`,
        item.inboxId,
        item.channel,
        item.userId,
        item.replyToken,
        JSON.stringify(item.replies),
        ...facts.flatMap((f) => [f.token, ...f.expr.params]),
        item.retryKey,
        now,
      );
    },
    async dueOutbox(now, limit, pushLimit) {
      // Answers to members first, then at most `pushLimit` pushes (broadcasts, reminders): a throttled WhatsApp
      // broadcast must not hold a member's reply behind hundreds of queued campaign messages.
      // One query (on D1 each is a round trip): the replies, then the pushes.
      const rows = await db.all<OutboxRow>(
        `SELECT * FROM (${dueOfKind('IS NOT NULL')}) UNION ALL SELECT * FROM (${dueOfKind('IS NULL')})`,
        [...dueParams(now, limit), ...dueParams(now, pushLimit)],
      );
      return rows.map(toOutboxItem);
    },
    claim(outboxId, now, leaseUntil) {
      return stmt(
        `UPDATE outbox SET attempts = attempts + 1, attempted_at = ?, lease_until = ?
         WHERE id = ? AND status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         RETURNING attempts`,
        now,
        leaseUntil,
        outboxId,
        now,
        now,
      );
    },
    markSent(outboxId, now) {
      return stmt(
        "UPDATE outbox SET status = 'sent', sent_at = ?, lease_until = NULL WHERE id = ? AND status = 'pending'",
        now,
        outboxId,
      );
    },
    markRetry(outboxId, error, nextAttemptAt) {
      return stmt(
        `UPDATE outbox SET last_error = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ? AND status = 'pending'`,
        error.slice(0, 500),
        nextAttemptAt,
        outboxId,
      );
    },
    markFailed(outboxId, error) {
      return stmt(
        "UPDATE outbox SET status = 'failed', last_error = ?, lease_until = NULL WHERE id = ? AND status = 'pending'",
        error.slice(0, 500),
        outboxId,
      );
    },
    retryNow(now, channel) {
      const sql = `UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at > ?`;
      return channel === undefined ? stmt(sql, now, now) : stmt(`${sql} AND channel = ?`, now, now, channel);
    },
    releaseLeases(now) {
      return stmt(
        `UPDATE outbox SET lease_until = NULL, next_attempt_at = ?,
           last_error = 'in doubt: the process stopped during an attempt'
         WHERE status = 'pending' AND lease_until IS NOT NULL RETURNING id`,
        now,
      );
    },
    async nextOutboxDueAt(after) {
      // Rows due at `after` were either sent by that scan or wait behind one of these (their member's earlier row).
      const r = await db.first<{ at: number | null }>(
        `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) AS at FROM outbox
         WHERE status = 'pending' AND (next_attempt_at > ? OR lease_until > ?)`,
        [after, after],
      );
      return r?.at ?? undefined;
    },
    async isDone(channel, eventId) {
      const r = await db.first<{ done: InboxEventRow['done_at'] }>(
        'SELECT done_at AS done FROM inbox_events WHERE channel = ? AND event_id = ?',
        [channel, eventId],
      );
      return r?.done != null;
    },
    pruneInbox(before, limit) {
      return stmt(
        `UPDATE inbox_events SET payload = '' WHERE id IN
           (SELECT id FROM inbox_events WHERE payload <> '' AND done_at < ? LIMIT ?) RETURNING id`,
        before,
        limit,
      );
    },
    pruneOutbox(before, limit) {
      return stmt(
        `UPDATE outbox SET replies = '[]', reply_token = NULL WHERE id IN
           (SELECT id FROM outbox WHERE status <> 'pending' AND replies <> '[]' AND created_at < ? LIMIT ?) RETURNING id`,
        before,
        limit,
      );
    },
  };
}
