import type { Channel } from '../../kernel/channel.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { Language } from '../../kernel/i18n/language.js';
import { type BroadcastContent, broadcastContentSchema } from '../domain/content.js';
import { type SkipReason, segmentFilterSchema } from '../domain/segment.js';
import type {
  BatchRecord,
  BroadcastRecord,
  BroadcastStatus,
  BroadcastStore,
  Progress,
  SegmentRecord,
  SingleRecipient,
} from '../store.js';
import { audienceSelect } from './segment-sql.js';

interface BroadcastRow {
  id: string;
  name: string;
  segment_code: string;
  content: string;
  status: BroadcastStatus;
  scheduled_at: number;
  created_at: number;
  created_by: string;
  started_at: number | null;
  finished_at: number | null;
  cancelled_at: number | null;
}

const toBroadcast = (r: BroadcastRow): BroadcastRecord => ({
  id: r.id,
  name: r.name,
  segmentCode: r.segment_code,
  // Written through the same schema; parsing again keeps defaults in step if the schema grows.
  content: broadcastContentSchema.parse(JSON.parse(r.content)) as BroadcastContent,
  status: r.status,
  scheduledAt: r.scheduled_at,
  createdAt: r.created_at,
  createdBy: r.created_by,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  cancelledAt: r.cancelled_at,
});

const toSegment = (r: { code: string; name: string; filter: string; updated_at: number }): SegmentRecord => ({
  code: r.code,
  name: r.name,
  filter: segmentFilterSchema.parse(JSON.parse(r.filter)),
  updatedAt: r.updated_at,
});

// `reason IS NULL` holds for every queued row (a CHECK); saying it lets the queue index narrow to unbatched rows.
interface BatchRow {
  id: string;
  broadcast_id: string;
  language: Language;
  attempts: number;
  in_doubt: number;
}
const BATCH_COLUMNS = 'id, broadcast_id, language, attempts, in_doubt';

const LINE_QUEUE = `broadcast_id = ? AND channel = 'line' AND status = 'queued' AND reason IS NULL AND batch_id IS NULL`;
const SINGLE_QUEUE = `broadcast_id = ? AND channel <> 'line' AND status = 'queued' AND reason IS NULL AND batch_id IS NULL`;

export function sqlBroadcastStore(db: Database): BroadcastStore {
  const recipientsOf = async (batchId: string) =>
    (
      await db.all<{ user_id: string }>('SELECT user_id FROM broadcast_recipients WHERE batch_id = ? ORDER BY id', [
        batchId,
      ])
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
    putSegment: (code, name, filter, now) =>
      stmt(
        `INSERT INTO segments (code, name, filter, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, filter = excluded.filter, updated_at = excluded.updated_at`,
        code,
        name,
        JSON.stringify(filter),
        now,
        now,
      ),
    async segment(code) {
      const r = await db.first<{ code: string; name: string; filter: string; updated_at: number }>(
        'SELECT * FROM segments WHERE code = ?',
        [code],
      );
      return r && toSegment(r);
    },
    async segments() {
      return (
        await db.all<{ code: string; name: string; filter: string; updated_at: number }>(
          'SELECT * FROM segments ORDER BY code',
        )
      ).map(toSegment);
    },
    async preview(filter, now, frequencyCap) {
      const a = audienceSelect(filter, now, { frequencyCap, excludeBroadcast: '' });
      const rows = await db.all<{ reason: string | null; n: number }>(
        `SELECT reason, COUNT(*) AS n FROM (${a.sql}) GROUP BY reason`,
        a.params,
      );
      const count = (reason: string | null) => rows.find((r) => r.reason === reason)?.n ?? 0;
      return {
        members: rows.reduce((s, r) => s + r.n, 0),
        sendable: count(null),
        skipped: {
          opted_out: count('opted_out'),
          frequency_cap: count('frequency_cap'),
          unreachable: count('unreachable'),
        },
      };
    },

    addTags: (memberId, tags, now) =>
      tags.map((tag) =>
        stmt(
          'INSERT INTO member_tags (member_id, tag, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
          memberId,
          tag,
          now,
        ),
      ),
    removeTag: (memberId, tag) => stmt('DELETE FROM member_tags WHERE member_id = ? AND tag = ?', memberId, tag),
    async tags(memberId) {
      return (
        await db.all<{ tag: string }>('SELECT tag FROM member_tags WHERE member_id = ? ORDER BY tag', [memberId])
      ).map((r) => r.tag);
    },
    async memberExists(memberId) {
      return (await db.first('SELECT 1 AS x FROM members WHERE id = ?', [memberId])) !== undefined;
    },

    insertBroadcast: (b) =>
      stmt(
        `INSERT INTO broadcasts (id, name, segment_code, content, status, scheduled_at, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        b.id,
        b.name,
        b.segmentCode,
        JSON.stringify(b.content),
        b.status,
        b.scheduledAt,
        b.createdAt,
        b.createdBy,
      ),
    async broadcast(id) {
      const r = await db.first<BroadcastRow>('SELECT * FROM broadcasts WHERE id = ?', [id]);
      return r && toBroadcast(r);
    },
    async broadcasts(limit) {
      return (await db.all<BroadcastRow>('SELECT * FROM broadcasts ORDER BY created_at DESC LIMIT ?', [limit])).map(
        toBroadcast,
      );
    },
    async active(now) {
      return (
        await db.all<BroadcastRow>(
          `SELECT * FROM broadcasts WHERE status = 'sending' OR (status = 'scheduled' AND scheduled_at <= ?)
           ORDER BY scheduled_at`,
          [now],
        )
      ).map(toBroadcast);
    },

    freeze(o) {
      const a = audienceSelect(o.filter, o.now, { frequencyCap: o.frequencyCap, excludeBroadcast: o.broadcastId });
      return [
        stmt(
          `UPDATE broadcasts SET status = 'sending', started_at = ? WHERE id = ? AND status = 'scheduled'`,
          o.now,
          o.broadcastId,
        ),
        // Only the batch that made the move above inserts: started_at is this batch's own `now`.
        {
          sql: `INSERT INTO broadcast_recipients (broadcast_id, member_id, channel, user_id, language, status, reason, created_at)
                SELECT ?, member_id, channel, user_id, language,
                  CASE WHEN reason IS NULL THEN 'queued' ELSE 'skipped' END, reason, ?
                FROM (${a.sql})
                WHERE EXISTS (SELECT 1 FROM broadcasts WHERE id = ? AND status = 'sending' AND started_at = ?)`,
          params: [o.broadcastId, o.now, ...a.params, o.broadcastId, o.now],
        },
      ];
    },
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
        await db.all<{ language: Language }>(`SELECT DISTINCT language FROM broadcast_recipients WHERE ${LINE_QUEUE}`, [
          broadcastId,
        ])
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
      const rows = await db.all<{ member_id: string; channel: Channel; user_id: string; language: Language }>(
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

    cancel: (id, now) => [
      stmt(
        `UPDATE broadcasts SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND status IN ('scheduled', 'sending')`,
        now,
        id,
      ),
      // What is not yet with LINE or in the outbox stays unsent; a batch already formed may be in flight and
      // is left to finish (a 409 on its retry key would mean it was delivered anyway).
      stmt(
        `UPDATE broadcast_recipients SET status = 'skipped', reason = 'cancelled'
         WHERE broadcast_id = ? AND status = 'queued' AND batch_id IS NULL
           AND EXISTS (SELECT 1 FROM broadcasts WHERE id = ? AND status = 'cancelled')`,
        id,
        id,
      ),
    ],
    finishIfComplete: (id, now) =>
      stmt(
        `UPDATE broadcasts SET status = 'done', finished_at = ? WHERE id = ? AND status = 'sending'
         AND NOT EXISTS (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = ? AND status = 'queued')`,
        now,
        id,
        id,
      ),
    async progress(id) {
      const rows = await db.all<{ channel: Channel; status: string; reason: SkipReason | null; n: number }>(
        `SELECT channel, status, reason, COUNT(*) AS n FROM broadcast_recipients WHERE broadcast_id = ?
         GROUP BY channel, status, reason`,
        [id],
      );
      const batches = await db.all<{ status: 'pending' | 'sent' | 'failed'; n: number }>(
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
