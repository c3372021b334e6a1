// Which messages of an outbox row WhatsApp already accepted (table outbox_parts). Both WhatsApp senders split a
// turn into several messages; neither API takes an idempotency key, so the only way a retry does not repeat the
// first messages is to remember, in the database, each one as soon as it was accepted. The window that is left is
// one message: accepted by WhatsApp, then a crash before the row below is written.
import { type Database, stmt } from '../../kernel/database.js';

export interface SentParts {
  /** How many leading parts of the row are already delivered (the index of the next part to send). */
  next(outboxId: number): Promise<number>;
  record(outboxId: number, part: number, messageId: string | null, now: number): Promise<void>;
}

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
