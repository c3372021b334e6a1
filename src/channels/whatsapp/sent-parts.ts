// Which messages of an outbox row WhatsApp already accepted (table outbox_parts). Both WhatsApp senders split a
// turn into several messages; neither API takes an idempotency key, so the only way a retry does not repeat the
// first messages is to remember, in the database, each one as soon as it was accepted. The window that is left is
// one message: accepted by WhatsApp, then a crash before the row is written (SQL in db/sent-parts-sql.ts).

export interface SentParts {
  /** How many leading parts of the row are already delivered (the index of the next part to send). */
  next(outboxId: number): Promise<number>;
  record(outboxId: number, part: number, messageId: string | null, now: number): Promise<void>;
}
