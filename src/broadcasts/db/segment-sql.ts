// A segment filter compiled to SQL over members (m) and their identities (i). Parameters are positional; the
// filter's bounded sizes keep a query well under D1's 100 bound parameters.
import type { SqlValue } from '../../kernel/database.js';
import { CHANNEL_PREFERENCE, type SegmentFilter } from '../domain/segment.js';

const DAY_MS = 86_400_000;

export function segmentWhere(f: SegmentFilter, now: number): { sql: string; params: SqlValue[] } {
  const where: string[] = ['i.member_id IS NOT NULL'];
  const params: SqlValue[] = [];
  const list = (values: readonly string[]) => {
    params.push(...values);
    return values.map(() => '?').join(', ');
  };
  if (f.channels) where.push(`i.channel IN (${list(f.channels)})`);
  if (f.languages) where.push(`m.language IN (${list(f.languages)})`);
  if (f.registeredFrom) {
    where.push('m.registered_local_date >= ?');
    params.push(f.registeredFrom);
  }
  if (f.registeredTo) {
    where.push('m.registered_local_date <= ?');
    params.push(f.registeredTo);
  }
  const lastSeen = '(SELECT MAX(x.last_seen_at) FROM identities x WHERE x.member_id = m.id)';
  if (f.activeWithinDays !== undefined) {
    where.push(`${lastSeen} >= ?`);
    params.push(now - f.activeWithinDays * DAY_MS);
  }
  if (f.inactiveForDays !== undefined) {
    where.push(`${lastSeen} < ?`);
    params.push(now - f.inactiveForDays * DAY_MS);
  }
  for (const b of f.balances ?? []) {
    const balance = `COALESCE((SELECT a.balance FROM accounts a WHERE a.kind = 'wallet' AND a.owner = m.id AND a.point_type = ?), 0)`;
    params.push(b.pointType);
    if (b.min !== undefined && b.max !== undefined) {
      where.push(`${balance} BETWEEN ? AND ?`);
      params.push(b.min, b.max);
    } else if (b.min !== undefined) {
      where.push(`${balance} >= ?`);
      params.push(b.min);
    } else if (b.max !== undefined) {
      where.push(`${balance} <= ?`);
      params.push(b.max);
    } else {
      // Neither bound: any balance, but the member must hold a wallet of that type.
      where.push(`${balance} >= 0`);
    }
  }
  for (const tag of f.tags ?? []) {
    where.push('EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.tag = ?)');
    params.push(tag);
  }
  if (f.reachableOnly) where.push('i.reachable = 1');
  return { sql: where.join(' AND '), params };
}

const channelRank = `CASE i.channel ${CHANNEL_PREFERENCE.map((c, n) => `WHEN '${c}' THEN ${n}`).join(' ')} ELSE 9 END`;

/**
 * One row per member of the segment: the identity to reach them on (the first reachable in channel preference
 * order) and why they would be skipped (NULL: send). Columns: member_id, channel, user_id, language, reason.
 */
export function audienceSelect(
  f: SegmentFilter,
  now: number,
  o: { frequencyCap: number; excludeBroadcast: string },
): { sql: string; params: SqlValue[] } {
  const w = segmentWhere(f, now);
  const since = now - 7 * DAY_MS;
  const sql = `SELECT member_id, channel, user_id, language, reason FROM (
    SELECT m.id AS member_id, i.channel AS channel, i.user_id AS user_id, m.language AS language,
      CASE
        WHEN i.reachable = 0 THEN 'unreachable'
        WHEN EXISTS (SELECT 1 FROM broadcast_opt_outs o WHERE o.member_id = m.id) THEN 'opted_out'
        WHEN (SELECT COUNT(*) FROM broadcast_recipients r WHERE r.member_id = m.id AND r.broadcast_id <> ?
              AND ((r.status = 'sent' AND r.sent_at > ?) OR (r.status = 'queued' AND r.created_at > ?))) >= ?
          THEN 'frequency_cap'
        ELSE NULL
      END AS reason,
      ROW_NUMBER() OVER (PARTITION BY m.id ORDER BY i.reachable DESC, ${channelRank}, i.user_id) AS rn
    FROM members m JOIN identities i ON i.member_id = m.id
    WHERE ${w.sql}
  ) WHERE rn = 1`;
  return { sql, params: [o.excludeBroadcast, since, since, o.frequencyCap, ...w.params] };
}
