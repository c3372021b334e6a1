import type { InboundEvent } from '../../kernel/channel.js';
import type { WwebjsMessage } from './client.js';

/** Message types that are WhatsApp bookkeeping, not something a member said: never answered. */
const SYSTEM_TYPES = new Set<string>([
  'revoked',
  'ciphertext',
  'e2e_notification',
  'notification',
  'notification_template',
  'group_notification',
  'gp2',
  'protocol',
  'call_log',
  'broadcast_notification',
  'debug',
  'reaction',
]);

/** Types whose caption, when there is one, is read as text. */
const CAPTIONED = new Set<string>(['image', 'video', 'document']);

/**
 * A whatsapp-web.js `message` event -> an InboundEvent, or null when it is not for us: our own messages, groups,
 * status updates, broadcast lists, newsletters, system notices. The member is the chat id as given (`...@c.us`
 * or `...@lid`); the idempotency id is `msg.id._serialized` (the library can emit a message twice).
 */
export function toInboundEvent(msg: WwebjsMessage): InboundEvent | null {
  const from = msg.from ?? '';
  if (msg.fromMe || msg.id?.fromMe) return null;
  if (!from || from.endsWith('@g.us') || from.endsWith('@broadcast') || from.endsWith('@newsletter')) return null;
  if (msg.isStatus) return null;
  if (SYSTEM_TYPES.has(msg.type)) return null;
  const eventId = msg.id?._serialized;
  if (!eventId) return null;
  const base = {
    channel: 'wa_web' as const,
    userId: from,
    eventId,
    occurredAt: typeof msg.timestamp === 'number' && msg.timestamp > 0 ? msg.timestamp * 1000 : Date.now(),
  };
  const body = typeof msg.body === 'string' ? msg.body.trim() : '';
  if (msg.type === 'chat' && body) return { ...base, type: 'text', text: body };
  if (CAPTIONED.has(msg.type) && body) return { ...base, type: 'text', text: body };
  return { ...base, type: 'unsupported', what: msg.type || 'unknown' };
}
