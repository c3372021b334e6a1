// LINE webhook bodies (../shared/line-openapi/webhook.yml) -> InboundEvents. The envelope and the event types we act
// on (message, postback, follow, unfollow) are validated; every other event type, group and room chats and standby
// mode are ignored (reported back so the route can log each kind once), never refused.
import { z } from 'zod';
import type { InboundEvent } from '../../kernel/channel.js';

const envelopeSchema = z.object({
  destination: z.string().optional(),
  events: z.array(z.looseObject({ type: z.string().min(1) })),
});

const base = {
  timestamp: z.number().int().nonnegative(),
  mode: z.string().min(1),
  webhookEventId: z.string().min(1).max(200),
  deliveryContext: z.object({ isRedelivery: z.boolean() }),
  source: z.object({ type: z.string().min(1), userId: z.string().min(1).max(200).optional() }).optional(),
};

const messageEventSchema = z.object({
  ...base,
  type: z.literal('message'),
  replyToken: z.string().min(1).optional(),
  message: z
    .object({ type: z.string().min(1), id: z.string().min(1), text: z.string().optional() })
    .refine((m) => m.type !== 'text' || m.text !== undefined, { message: 'a text message needs text', path: ['text'] }),
});

const postbackEventSchema = z.object({
  ...base,
  type: z.literal('postback'),
  replyToken: z.string().min(1).optional(),
  // A datetimepicker's choice: `params.date` (mode date), `params.time`, `params.datetime`; a rich menu switch has
  // its own params. Only short strings are kept.
  postback: z.object({ data: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
});

const followEventSchema = z.object({ ...base, type: z.literal('follow'), replyToken: z.string().min(1).optional() });
const unfollowEventSchema = z.object({ ...base, type: z.literal('unfollow') });

const HANDLED = {
  message: messageEventSchema,
  postback: postbackEventSchema,
  follow: followEventSchema,
  unfollow: unfollowEventSchema,
} as const;

type Handled = z.output<(typeof HANDLED)[keyof typeof HANDLED]>;

export interface ParsedWebhook {
  readonly events: InboundEvent[];
  /** Why events were left out: `event:<type>`, `source:<type>`, `mode:<mode>`, `source:no-user`. */
  readonly ignored: string[];
}

export type ParseResult =
  | { readonly ok: true; readonly value: ParsedWebhook }
  | { readonly ok: false; readonly path: string; readonly message: string };

function failure(error: z.ZodError, prefix: string): ParseResult {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return { ok: false, path: path || '$', message: issue?.message ?? 'invalid' };
}

/** Validates a parsed webhook body and maps what we act on. */
export function parseLineWebhook(body: unknown): ParseResult {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return failure(envelope.error, '');
  const events: InboundEvent[] = [];
  const ignored: string[] = [];
  for (const [i, raw] of envelope.data.events.entries()) {
    const schema = HANDLED[raw.type as keyof typeof HANDLED];
    if (!schema || !Object.hasOwn(HANDLED, raw.type)) {
      ignored.push(`event:${raw.type.slice(0, 40)}`);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return failure(parsed.error, `events.${i}`);
    const e: Handled = parsed.data;
    if (e.mode !== 'active') {
      // Standby: another channel (a module) is answering this chat; we must not.
      ignored.push(`mode:${e.mode.slice(0, 20)}`);
      continue;
    }
    if (e.source?.type !== 'user') {
      ignored.push(`source:${(e.source?.type ?? 'none').slice(0, 20)}`);
      continue;
    }
    if (!e.source.userId) {
      ignored.push('source:no-user');
      continue;
    }
    events.push(toInbound(e, e.source.userId));
  }
  return { ok: true, value: { events, ignored } };
}

/** The picker's strings (date, time, datetime), at most 40 characters each; nothing else. */
function postbackParams(raw: Record<string, unknown> | undefined): { params?: Record<string, string> } {
  const params: Record<string, string> = {};
  for (const k of ['date', 'time', 'datetime'] as const) {
    const v = raw?.[k];
    if (typeof v === 'string' && v.length <= 40) params[k] = v;
  }
  return Object.keys(params).length > 0 ? { params } : {};
}

function toInbound(e: Handled, userId: string): InboundEvent {
  const common = {
    channel: 'line' as const,
    userId,
    eventId: e.webhookEventId,
    occurredAt: e.timestamp,
    ...('replyToken' in e && e.replyToken ? { replyToken: e.replyToken } : {}),
  };
  switch (e.type) {
    case 'message':
      return e.message.type === 'text' && e.message.text !== undefined
        ? { ...common, type: 'text', text: e.message.text }
        : { ...common, type: 'unsupported', what: e.message.type };
    case 'postback':
      return { ...common, type: 'postback', data: e.postback.data, ...postbackParams(e.postback.params) };
    case 'follow':
      return { ...common, type: 'follow' };
    case 'unfollow':
      return { ...common, type: 'unfollow' };
  }
}
