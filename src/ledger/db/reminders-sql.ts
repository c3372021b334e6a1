import { type Database, stmt } from '../../kernel/database.js';
import type { ReminderStore } from '../store.js';

export function sqlReminderStore(db: Database): ReminderStore {
  return {
    async dueReminders(from, to, limit) {
      // One reachable identity per member: the one seen most recently.
      return db.all(
        `SELECT a.owner AS memberId, a.point_type AS pointType, l.expires_at AS expiresAt, SUM(l.remaining) AS amount,
           m.language AS language, i.channel AS channel, i.user_id AS userId
         FROM lots l JOIN accounts a ON a.id = l.account_id AND a.kind = 'wallet'
         JOIN members m ON m.id = a.owner
         JOIN identities i ON i.rowid = (SELECT i2.rowid FROM identities i2 WHERE i2.member_id = m.id AND i2.reachable = 1
                                          ORDER BY i2.last_seen_at DESC LIMIT 1)
         WHERE l.remaining > 0 AND l.expires_at > ? AND l.expires_at <= ?
           AND NOT EXISTS (SELECT 1 FROM expiry_reminders r WHERE r.member_id = a.owner AND r.point_type = a.point_type
                           AND r.expires_at = l.expires_at)
         GROUP BY a.owner, a.point_type, l.expires_at
         ORDER BY l.expires_at LIMIT ?`,
        [from, to, limit],
      );
    },
    insertReminder(r, now) {
      return stmt(
        'INSERT INTO expiry_reminders (member_id, point_type, expires_at, amount, created_at) VALUES (?, ?, ?, ?, ?)',
        r.memberId,
        r.pointType,
        r.expiresAt,
        r.amount,
        now,
      );
    },
  };
}
