// The options last offered to each WhatsApp user (table whatsapp_offers), on better-sqlite3 and D1.
import type { RowOf } from '../../../db/row.js';
import { type Database, stmt } from '../../../kernel/database.js';
import type { OfferStore } from '../offers.js';
import type { WaOption } from '../render-text.js';
import type { whatsappOffers } from './schema.js';

export function sqlOfferStore(db: Database): OfferStore {
  return {
    async record(channel, userId, outboxId, options, now) {
      const r = await db.batch([
        stmt(
          `INSERT INTO whatsapp_offers (channel, user_id, outbox_id, options, offered_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (channel, user_id) DO UPDATE SET outbox_id = excluded.outbox_id, options = excluded.options,
             offered_at = excluded.offered_at
           WHERE excluded.outbox_id >= whatsapp_offers.outbox_id`,
          channel,
          userId,
          outboxId,
          JSON.stringify(options),
          now,
        ),
      ]);
      if (!r.ok) throw new Error(`could not record offered options: ${r.error.kind}`);
    },
    async lastOffered(channel, userId) {
      const row = await db.first<Pick<RowOf<typeof whatsappOffers>, 'options'>>(
        'SELECT options FROM whatsapp_offers WHERE channel = ? AND user_id = ?',
        [channel, userId],
      );
      if (!row) return [];
      try {
        const parsed = JSON.parse(row.options) as unknown;
        return Array.isArray(parsed) ? (parsed as WaOption[]) : [];
      } catch {
        return [];
      }
    },
  };
}
