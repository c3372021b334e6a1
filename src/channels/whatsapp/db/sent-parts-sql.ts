// Which messages of an outbox row WhatsApp already accepted (table outbox_parts), on better-sqlite3 and D1.
import { type Database, stmt } from '../../../kernel/database.js';
import type { SentParts } from '../sent-parts.js';

export function sqlSentParts(db: Database): SentParts {
  return {
    async next(outboxId) {
      const row = await db.first<{ n: number | null }>(
        'SELECT MAX(part) + 1 AS n FROM outbox_parts WHERE outbox_id = ?',
        [outboxId],
      );
      return row?.n ?? 0;
    },
    async record(outboxId, part, messageId, now) {
      // Two senders racing on one row (two isolates) both sent this part; the first record stands.
      const r = await db.batch([
        stmt(
          `INSERT INTO outbox_parts (outbox_id, part, message_id, sent_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (outbox_id, part) DO NOTHING`,
          outboxId,
          part,
          messageId,
          now,
        ),
      ]);
      if (!r.ok) throw new Error(`could not record a sent WhatsApp message: ${r.error.kind}`);
    },
  };
}
