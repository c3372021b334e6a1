// A broadcast's delivery: LINE multicast batches, one-by-one recipients handed to the outbox, and progress.
// Part of sqlBroadcastStore (./broadcast-sql.ts); every write is guarded by the status it expects.
import type { RowOf } from '../../db/row.js';
import type { Channel } from '../../kernel/channel.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { SkipReason } from '../domain/segment.js';
import type { BatchRecord, BroadcastStore, Progress, SingleRecipient } from '../store.js';
import type { broadcastBatches, broadcastRecipients } from './schema.js';

type RecipientRow = RowOf<typeof broadcastRecipients>;

type BatchRow = Pick<RowOf<typeof broadcastBatches>, 'id' | 'broadcast_id' | 'language' | 'attempts' | 'in_doubt'>;
const BATCH_COLUMNS = 'id, broadcast_id, language, attempts, in_doubt';

// `reason IS NULL` holds for every queued row (a CHECK); saying it lets the queue index narrow to unbatched rows.
const LINE_QUEUE = `broadcast_id = ? AND channel = 'line' AND status = 'queued' AND reason IS NULL AND batch_id IS NULL`;
const SINGLE_QUEUE = `broadcast_id = ? AND channel <> 'line' AND status = 'queued' AND reason IS NULL AND batch_id IS NULL`;

export type BroadcastDelivery = Pick<
  BroadcastStore,
  | 'formBatch'
  | 'unbatchedLanguages'
  | 'pendingBatches'
  | 'batch'
  | 'batchSent'
  | 'batchFailed'
  | 'batchAttempt'
  | 'batchInDoubt'
  | 'batchAbandoned'
  | 'unhandedSingles'
  | 'handToOutbox'
  | 'syncFromOutbox'
  | 'progress'
>;

export function sqlBroadcastDelivery(db: Database): BroadcastDelivery {
  const recipientsOf = async (batchId: string) =>
    (
      await db.all<Pick<RecipientRow, 'user_id'>>(
        'SELECT user_id FROM broadcast_recipients WHERE batch_id = ? ORDER BY id',
        [batchId],
      )
    ).map((r) => r.user_id);

  const toBatch = async (r: BatchRow): Promise<BatchRecord> => ({
    id: r.id,
    broadcastId: r.broadcast_id,
    language: r.language,
    attempts: r.attempts,
    inDoubt: r.in_doubt === 1,
    userIds: await recipientsOf(r.id),
  });

  return {
    formBatch: (broadcastId, language, retryKey, size, now) => [
      stmt(
        `UPDATE broadcast_recipients SET batch_id = ? WHERE id IN (
           SELECT id FROM broadcast_recipients WHERE ${LINE_QUEUE} AND language = ? ORDER BY id LIMIT ?)`,
        retryKey,
        broadcastId,
        language,
        size,
      ),
      stmt(
        `INSERT INTO broadcast_batches (id, broadcast_id, channel, language, size, status, attempts, created_at)
         SELECT ?, ?, 'line', ?, COUNT(*), 'pending', 0, ? FROM broadcast_recipients WHERE batch_id = ?
         HAVING COUNT(*) > 0`,
        retryKey,
        broadcastId,
        language,
        now,
        retryKey,
      ),
    ],
    async unbatchedLanguages(broadcastId) {
      return (
        await db.all<Pick<RecipientRow, 'language'>>(
          `SELECT DISTINCT language FROM broadcast_recipients WHERE ${LINE_QUEUE}`,
          [broadcastId],
        )
      ).map((r) => r.language);
    },
    async pendingBatches(broadcastId) {
      const rows = await db.all<BatchRow>(
        `SELECT ${BATCH_COLUMNS} FROM broadcast_batches
         WHERE broadcast_id = ? AND status = 'pending' ORDER BY created_at, id`,
        [broadcastId],
      );
      return Promise.all(rows.map(toBatch));
    },
    async batch(id) {
      const r = await db.first<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM broadcast_batches WHERE id = ?`, [id]);
      return r && toBatch(r);
    },
    batchSent: (id, now) => [
      stmt(
        `UPDATE broadcast_batches SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL
         WHERE id = ? AND status = 'pending'`,
        now,
        id,
      ),
      stmt(
        `UPDATE broadcast_recipients SET status = 'sent', sent_at = ? WHERE batch_id = ? AND status = 'queued'`,
        now,
        id,
      ),
    ],
    batchFailed: (id, error, now) => [
      stmt(
        `UPDATE broadcast_batches SET status = 'failed', attempts = attempts + 1, last_error = ?, sent_at = ?
         WHERE id = ? AND status = 'pending'`,
        error.slice(0, 500),
        now,
        id,
      ),
      stmt(`UPDATE broadcast_recipients SET status = 'failed' WHERE batch_id = ? AND status = 'queued'`, id),
    ],
    batchAttempt: (id, error, inDoubt) =>
      stmt(
        `UPDATE broadcast_batches SET attempts = attempts + 1, last_error = ?, in_doubt = ?
         WHERE id = ? AND status = 'pending'`,
        error.slice(0, 500),
        inDoubt ? 1 : 0,
        id,
      ),
    batchInDoubt: (id) =>
      stmt(`UPDATE broadcast_batches SET in_doubt = 1 WHERE id = ? AND status = 'pending' AND in_doubt = 0`, id),
    batchAbandoned: (id, now) => [
      stmt(
        `UPDATE broadcast_batches SET status = 'failed', last_error = 'cancelled', sent_at = ?
         WHERE id = ? AND status = 'pending' AND in_doubt = 0
           AND EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = broadcast_batches.broadcast_id AND b.status = 'cancelled')`,
        now,
        id,
      ),
      stmt(
        `UPDATE broadcast_recipients SET status = 'skipped', reason = 'cancelled'
         WHERE batch_id = ? AND status = 'queued'
           AND EXISTS (SELECT 1 FROM broadcast_batches WHERE id = ? AND status = 'failed' AND last_error = 'cancelled')`,
        id,
        id,
      ),
    ],

    async unhandedSingles(broadcastId, limit) {
      const rows = await db.all<Pick<RecipientRow, 'member_id' | 'channel' | 'user_id' | 'language'>>(
        `SELECT member_id, channel, user_id, language FROM broadcast_recipients WHERE ${SINGLE_QUEUE}
         ORDER BY id LIMIT ?`,
        [broadcastId, limit],
      );
      return rows.map((r) => ({ memberId: r.member_id, channel: r.channel, userId: r.user_id, language: r.language }));
    },
    handToOutbox(broadcastId, r: SingleRecipient, repliesJson, now) {
      const key = `bc:${broadcastId}:${r.memberId}`;
      return [
        stmt(
          `INSERT INTO outbox (channel, user_id, replies, retry_key, status, attempts, created_at)
           VALUES (?, ?, ?, ?, 'pending', 0, ?) ON CONFLICT (retry_key) DO NOTHING`,
          r.channel,
          r.userId,
          repliesJson,
          key,
          now,
        ),
        stmt(
          `UPDATE broadcast_recipients SET batch_id = ?
           WHERE broadcast_id = ? AND member_id = ? AND status = 'queued' AND batch_id IS NULL`,
          key,
          broadcastId,
          r.memberId,
        ),
      ];
    },
    syncFromOutbox: (broadcastId, now) => [
      stmt(
        `UPDATE broadcast_recipients SET
           status = (SELECT o.status FROM outbox o WHERE o.retry_key = broadcast_recipients.batch_id),
           sent_at = (SELECT COALESCE(o.sent_at, ?) FROM outbox o WHERE o.retry_key = broadcast_recipients.batch_id)
         WHERE broadcast_id = ? AND channel <> 'line' AND status = 'queued' AND batch_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM outbox o WHERE o.retry_key = broadcast_recipients.batch_id
                       AND o.status IN ('sent', 'failed'))`,
        now,
        broadcastId,
      ),
    ],

    async progress(id) {
      const rows = await db.all<Pick<RecipientRow, 'channel' | 'status' | 'reason'> & { n: number }>(
        `SELECT channel, status, reason, COUNT(*) AS n FROM broadcast_recipients WHERE broadcast_id = ?
         GROUP BY channel, status, reason`,
        [id],
      );
      const batches = await db.all<Pick<RowOf<typeof broadcastBatches>, 'status'> & { n: number }>(
        'SELECT status, COUNT(*) AS n FROM broadcast_batches WHERE broadcast_id = ? GROUP BY status',
        [id],
      );
      const skipped: Record<SkipReason, number> = { opted_out: 0, frequency_cap: 0, unreachable: 0, cancelled: 0 };
      const byChannel: Partial<Record<Channel, { queued: number; sent: number; failed: number }>> = {};
      for (const r of rows) {
        if (r.status === 'skipped' && r.reason) {
          skipped[r.reason] += r.n;
          continue;
        }
        const c = byChannel[r.channel] ?? { queued: 0, sent: 0, failed: 0 };
        byChannel[r.channel] = c;
        if (r.status === 'queued' || r.status === 'sent' || r.status === 'failed') c[r.status] += r.n;
      }
      const sum = (status: 'queued' | 'sent' | 'failed') =>
        Object.values(byChannel).reduce((n, c) => n + (c?.[status] ?? 0), 0);
      const queued = sum('queued');
      const sent = sum('sent');
      const failed = sum('failed');
      const b = (s: string) => batches.find((x) => x.status === s)?.n ?? 0;
      return {
        total: rows.reduce((s, r) => s + r.n, 0),
        queued,
        sent,
        failed,
        skipped,
        byChannel,
        batches: { pending: b('pending'), sent: b('sent'), failed: b('failed') },
      } satisfies Progress;
    },
  };
}
