// The conversation read (../conversation.ts): inbox payloads and outbox bodies of one chat identity, interleaved
// by time (an event, then the replies it caused), the latest first in SQL and returned oldest first. Pruned rows
// (payload '' or body '[]') and failed deliveries are left out.
import type { Reply } from '../../conversation/domain/replies.js';
import type { InboundEvent } from '../../kernel/channel.js';
import type { Database } from '../../kernel/database.js';
import { CONVERSATION_LIMIT, type ConversationEntry, type ConversationLog } from '../conversation.js';

interface Row {
  readonly kind: 'in' | 'out';
  readonly id: number;
  readonly at: number;
  readonly body: string;
}

// Sort key: an answer sorts with the event it answers (that event's time and id, after it); a push by its own time,
// after any event of the same millisecond.
const LATEST = `SELECT kind, id, at, body FROM (
    SELECT 'in' AS kind, id, received_at AS at, id AS ref, 0 AS k, payload AS body FROM inbox_events
     WHERE channel = ? AND user_id = ? AND payload <> '' AND gave_up_at IS NULL
    UNION ALL
    SELECT 'out' AS kind, o.id, COALESCE(e.received_at, o.created_at) AS at, COALESCE(o.inbox_id, 9007199254740991) AS ref,
           1 AS k, o.replies AS body
      FROM outbox o LEFT JOIN inbox_events e ON e.id = o.inbox_id
     WHERE o.channel = ? AND o.user_id = ? AND o.replies <> '[]' AND o.status <> 'failed')
  ORDER BY at DESC, ref DESC, k DESC, id DESC LIMIT ?`;

function entry(r: Row): ConversationEntry | undefined {
  try {
    return r.kind === 'in'
      ? { from: 'member', at: r.at, inboxId: r.id, event: JSON.parse(r.body) as InboundEvent }
      : { from: 'bot', at: r.at, outboxId: r.id, replies: JSON.parse(r.body) as Reply[] };
  } catch {
    return undefined; // Not JSON (never written so): shown as nothing rather than failing the whole read.
  }
}

export function sqlConversationLog(db: Database): ConversationLog {
  return {
    async latest(channel, userId, limit = CONVERSATION_LIMIT) {
      const n = Math.max(1, Math.min(CONVERSATION_LIMIT, Math.floor(limit)));
      const rows = await db.all<Row>(LATEST, [channel, userId, channel, userId, n]);
      return rows
        .reverse()
        .map(entry)
        .filter((e): e is ConversationEntry => e !== undefined);
    },
  };
}
