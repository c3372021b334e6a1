// The Cloud API webhook payload (object whatsapp_business_account, entry[].changes[] with field "messages"), read
// with zod: fields we rely on are checked, anything else Meta adds passes through.
import { z } from 'zod';
import type { InboundEvent } from '../../kernel/channel.js';

const idObject = z.object({ id: z.string().min(1), title: z.string().optional() }).passthrough();

const messageSchema = z
  .object({
    from: z.string().min(1),
    id: z.string().min(1),
    timestamp: z.string().regex(/^\d+$/),
    type: z.string().min(1),
    text: z.object({ body: z.string() }).passthrough().optional(),
    interactive: z
      .object({ type: z.string(), button_reply: idObject.optional(), list_reply: idObject.optional() })
      .passthrough()
      .optional(),
    button: z.object({ payload: z.string().optional(), text: z.string().optional() }).passthrough().optional(),
    image: z.object({ caption: z.string().optional() }).passthrough().optional(),
    video: z.object({ caption: z.string().optional() }).passthrough().optional(),
    document: z.object({ caption: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

const statusSchema = z
  .object({
    id: z.string().min(1),
    status: z.string().min(1),
    timestamp: z.string().regex(/^\d+$/),
    recipient_id: z.string().min(1),
    errors: z
      .array(z.object({ code: z.number().int().optional(), title: z.string().optional() }).passthrough())
      .optional(),
  })
  .passthrough();

export const messagesValueSchema = z
  .object({
    messaging_product: z.literal('whatsapp'),
    metadata: z.object({ phone_number_id: z.string().min(1) }).passthrough(),
    contacts: z
      .array(
        z
          .object({
            wa_id: z.string().min(1),
            profile: z.object({ name: z.string().optional() }).passthrough().optional(),
          })
          .passthrough(),
      )
      .optional(),
    messages: z.array(messageSchema).optional(),
    statuses: z.array(statusSchema).optional(),
  })
  .passthrough();

export const webhookSchema = z
  .object({
    object: z.literal('whatsapp_business_account'),
    entry: z.array(
      z
        .object({
          id: z.string(),
          changes: z.array(z.object({ field: z.string(), value: z.unknown() }).passthrough()),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export type CloudMessage = z.output<typeof messageSchema>;
export type CloudStatus = z.output<typeof statusSchema>;

export interface WebhookContents {
  readonly messages: CloudMessage[];
  readonly statuses: CloudStatus[];
  /** wa_id -> profile name. */
  readonly names: Map<string, string>;
  /** Changes for another phone number of the same business account (ignored). */
  readonly foreign: number;
}

export type WebhookParse =
  | { ok: true; value: WebhookContents }
  | { ok: false; error: { field: string; message: string } };

export function parseWebhook(body: unknown, phoneNumberId: string): WebhookParse {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) return failure(parsed.error.issues[0]);
  const out: WebhookContents = { messages: [], statuses: [], names: new Map(), foreign: 0 };
  let foreign = 0;
  for (const [e, entry] of parsed.data.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      if (change.field !== 'messages') continue;
      const value = messagesValueSchema.safeParse(change.value);
      if (!value.success) return failure(value.error.issues[0], `entry.${e}.changes.${c}.value`);
      if (value.data.metadata.phone_number_id !== phoneNumberId) {
        foreign++;
        continue;
      }
      for (const contact of value.data.contacts ?? [])
        if (contact.profile?.name) out.names.set(contact.wa_id, contact.profile.name);
      out.messages.push(...(value.data.messages ?? []));
      out.statuses.push(...(value.data.statuses ?? []));
    }
  }
  return { ok: true, value: { ...out, foreign } };
}

function failure(issue: z.core.$ZodIssue | undefined, prefix = ''): WebhookParse {
  const path = issue?.path.join('.') ?? '';
  return {
    ok: false,
    error: { field: [prefix, path].filter(Boolean).join('.'), message: issue?.message ?? 'invalid payload' },
  };
}

/** Interactive ids carry the option's action: postback data as is, a text answer as "msg:<text>". */
export function encodeOptionId(action: { type: 'postback'; data: string } | { type: 'message'; text: string }): string {
  return action.type === 'postback' ? action.data : `msg:${action.text}`;
}

/** Member-sent types that are not messages to answer (a reaction to our message, a number change notice). */
const IGNORED = new Set(['reaction', 'system', 'ephemeral', 'request_welcome']);

/** One Cloud API message -> an InboundEvent keyed by its wamid, or null when there is nothing to answer. */
export function toInboundEvent(m: CloudMessage): InboundEvent | null {
  if (IGNORED.has(m.type)) return null;
  const base = { channel: 'wa_cloud' as const, userId: m.from, eventId: m.id, occurredAt: Number(m.timestamp) * 1000 };
  const fromId = (id: string): InboundEvent =>
    id.startsWith('msg:') ? { ...base, type: 'text', text: id.slice(4) } : { ...base, type: 'postback', data: id };
  switch (m.type) {
    case 'text': {
      const body = m.text?.body.trim();
      return body ? { ...base, type: 'text', text: body } : { ...base, type: 'unsupported', what: 'empty text' };
    }
    case 'interactive': {
      const id = m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id;
      return id ? fromId(id) : { ...base, type: 'unsupported', what: `interactive:${m.interactive?.type ?? '?'}` };
    }
    case 'button': {
      // A quick-reply button of a template message (broadcasts): its payload is ours.
      const payload = m.button?.payload ?? m.button?.text;
      return payload ? fromId(payload) : { ...base, type: 'unsupported', what: 'button' };
    }
    case 'image':
    case 'video':
    case 'document': {
      const caption = m[m.type]?.caption?.trim();
      return caption ? { ...base, type: 'text', text: caption } : { ...base, type: 'unsupported', what: m.type };
    }
    default:
      return { ...base, type: 'unsupported', what: m.type };
  }
}
