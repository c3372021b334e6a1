// The options last offered to each WhatsApp user, persisted so a numeric answer still means the same thing after a
// restart. Written by the senders when they deliver a turn (guarded by outbox id: a late retry of an older turn
// never replaces a newer offer), read by the adapters when a text arrives. SQL in db/offers-sql.ts.

import type { Channel, InboundEvent } from '../../kernel/channel.js';
import { applyAnswer } from './answers.js';
import type { WaOption } from './render-text.js';

export interface OfferStore {
  record(channel: Channel, userId: string, outboxId: number, options: readonly WaOption[], now: number): Promise<void>;
  lastOffered(channel: Channel, userId: string): Promise<readonly WaOption[]>;
}

/** A text that answers the last offered options becomes that option's postback or text; anything else is kept. */
export async function resolveInbound(offers: OfferStore, event: InboundEvent): Promise<InboundEvent> {
  if (event.type !== 'text') return event;
  return applyAnswer(event, await offers.lastOffered(event.channel, event.userId));
}
