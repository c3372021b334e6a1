// A member's conversation as the inbox and the outbox hold it: what they sent (inbound event payloads) and what
// was sent to them (outbox reply bodies: answers and pushes). Read by the simulator to draw a chat after a reload.
// Retention blanks old payloads and bodies: those entries are left out.
import type { Reply } from '../conversation/domain/replies.js';
import type { Channel, InboundEvent } from '../kernel/channel.js';

export type ConversationEntry =
  | { readonly from: 'member'; readonly at: number; readonly inboxId: number; readonly event: InboundEvent }
  | { readonly from: 'bot'; readonly at: number; readonly outboxId: number; readonly replies: readonly Reply[] };

/** At most this many entries, the latest. */
export const CONVERSATION_LIMIT = 100;

export interface ConversationLog {
  /** The latest `limit` (at most CONVERSATION_LIMIT) entries of one chat identity, oldest first. */
  latest(channel: Channel, userId: string, limit?: number): Promise<ConversationEntry[]>;
}
