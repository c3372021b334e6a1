import type { RowOf } from '../../db/row.js';
import { type BatchRefusal, type Database, stmt } from '../../kernel/database.js';
import type { CheckinRefusalCode } from '../domain/checkin.js';
import type { CheckinStore } from '../store.js';
import type { checkins } from './schema.js';

type CheckinRow = RowOf<typeof checkins>;

const uniqueOn = (e: BatchRefusal, prefix: string) => e.kind === 'unique' && e.target.startsWith(prefix);

/** Today's row (UNIQUE member + local date) or its credit's idempotency key was taken: checked in already. */
export function classifyCheckinRefusal(e: BatchRefusal): CheckinRefusalCode | undefined {
  if (uniqueOn(e, 'checkins') || uniqueOn(e, 'transfers.idempotency_key')) return 'already_checked_in';
  if (e.kind === 'refused') return 'unavailable';
  return undefined;
}

export function sqlCheckinStore(db: Database): CheckinStore {
  return {
    async lastCheckin(memberId) {
      const r = await db.first<Pick<CheckinRow, 'local_date' | 'streak'>>(
        'SELECT local_date, streak FROM checkins WHERE member_id = ? ORDER BY local_date DESC LIMIT 1',
        [memberId],
      );
      return r && { localDate: r.local_date, streak: r.streak };
    },
    async checkinDates(memberId, fromDate) {
      const rows = await db.all<Pick<CheckinRow, 'local_date'>>(
        'SELECT local_date FROM checkins WHERE member_id = ? AND local_date >= ? ORDER BY local_date',
        [memberId, fromDate],
      );
      return rows.map((r) => r.local_date);
    },
    insertCheckin(memberId, localDate, streak, now) {
      return stmt(
        'INSERT INTO checkins (member_id, local_date, streak, created_at) VALUES (?, ?, ?, ?)',
        memberId,
        localDate,
        streak,
        now,
      );
    },
    classify: classifyCheckinRefusal,
  };
}
