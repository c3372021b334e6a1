// The options last offered to each WhatsApp user, persisted so a numeric answer still means the same thing after a
// restart. Written by the senders when they deliver a turn (guarded by outbox id: a late retry of an older turn
// never replaces a newer offer), read by the adapters when a text arrives.

import type { Channel, InboundEvent } from '../../kernel/channel.js';
import { type Database, stmt } from '../../kernel/database.js';
import { applyAnswer, type WaOption } from './render-text.js';

export interface OfferStore {
  record(channel: Channel, userId: string, outboxId: number, options: readonly WaOption[], now: number): Promise<void>;
  lastOffered(channel: Channel, userId: string): Promise<readonly WaOption[]>;
}

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
      const row = await db.first<{ options: string }>(
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

/** A text that answers the last offered options becomes that option's postback or text; anything else is kept. */
export async function resolveInbound(offers: OfferStore, event: InboundEvent): Promise<InboundEvent> {
  if (event.type !== 'text') return event;
  return applyAnswer(event, await offers.lastOffered(event.channel, event.userId));
}
