// Segments, member tags and broadcasts (their status moves and the audience freeze), on better-sqlite3 and D1.
// The delivery half of the store (batches, the outbox hand-over, progress) is in ./delivery-sql.ts.
import type { RowOf } from '../../db/row.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { memberTags } from '../../members/db/schema.js';
import { type BroadcastContent, broadcastContentSchema } from '../domain/content.js';
import { segmentFilterSchema } from '../domain/segment.js';
import type { BroadcastRecord, BroadcastStore, SegmentRecord } from '../store.js';
import { sqlBroadcastDelivery } from './delivery-sql.js';
import type { broadcasts, segments } from './schema.js';
import { audienceSelect } from './segment-sql.js';

type BroadcastRow = RowOf<typeof broadcasts>;
type SegmentRow = RowOf<typeof segments>;
type TagRow = RowOf<typeof memberTags>;

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

const toSegment = (r: Pick<SegmentRow, 'code' | 'name' | 'filter' | 'updated_at'>): SegmentRecord => ({
  code: r.code,
  name: r.name,
  filter: segmentFilterSchema.parse(JSON.parse(r.filter)),
  updatedAt: r.updated_at,
});

export function sqlBroadcastStore(db: Database): BroadcastStore {
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
      const r = await db.first<SegmentRow>('SELECT * FROM segments WHERE code = ?', [code]);
      return r && toSegment(r);
    },
    async segments() {
      return (await db.all<SegmentRow>('SELECT * FROM segments ORDER BY code')).map(toSegment);
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
        await db.all<Pick<TagRow, 'tag'>>('SELECT tag FROM member_tags WHERE member_id = ? ORDER BY tag', [memberId])
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
    // The audience's UNIQUE (broadcast, member) key: only the first freeze of a broadcast inserts recipients.
    isAlreadyFrozen: (e) => e.kind === 'unique' && e.target.startsWith('broadcast_recipients.'),
    ...sqlBroadcastDelivery(db),

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
  };
}
