// LINE webhook bodies as LINE sends them (../shared/line-openapi/webhook.yml): a CallbackRequest with the bot's
// `destination` and events carrying type, mode 'active', timestamp (ms), source {type:'user', userId},
// webhookEventId (a ULID), deliveryContext {isRedelivery} and, where LINE gives one, a replyToken. Signed with the
// channel secret as x-line-signature = base64(HMAC-SHA256(body, secret)).
import { lineSignature } from '../../src/channels/line/signature.js';

export const LINE_SECRET = 'test-line-channel-secret-0123456789';
export const LINE_ACCESS_TOKEN = 'test-channel-access-token';
/** The bot's own user id (U + 32 hex digits). */
export const DESTINATION = `U${'0123456789abcdef'.repeat(2)}`;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastUlid = '';

// Web Crypto, not node:crypto: the same events are built inside workerd for the Workers run of the chat suite.
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const base64url = (b: Uint8Array) =>
  btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A ULID: 10 characters of millisecond time, 16 of randomness; strictly increasing within this process. */
export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = Array.from(randomBytes(16), (b) => CROCKFORD[b % 32]).join('');
  let id = time + random;
  if (id <= lastUlid) {
    // Same millisecond: bump the last id's randomness by one, as monotonic ULID generators do.
    const chars = lastUlid.split('');
    for (let i = chars.length - 1; i >= 10; i--) {
      const v = CROCKFORD.indexOf(chars[i] ?? '0');
      if (v < 31) {
        chars[i] = CROCKFORD[v + 1] ?? '0';
        break;
      }
      chars[i] = '0';
    }
    id = chars.join('');
  }
  lastUlid = id;
  return id;
}

/** A LINE user id: U + 32 hex digits. */
export function lineUserId(): string {
  return `U${hex(randomBytes(16))}`;
}

export interface EventOptions {
  readonly userId: string;
  readonly replyToken?: string;
  readonly webhookEventId?: string;
  readonly timestamp?: number;
  readonly isRedelivery?: boolean;
  readonly mode?: 'active' | 'standby';
  /** Another source than the user's 1:1 chat. */
  readonly source?:
    | { type: 'group'; groupId: string; userId?: string }
    | { type: 'room'; roomId: string; userId?: string };
}

export type WebhookEvent = Record<string, unknown> & {
  readonly type: string;
  readonly webhookEventId: string;
  readonly deliveryContext: { readonly isRedelivery: boolean };
};

const messageId = () => String(500_000_000_000_000 + Math.floor(Math.random() * 1e14));
const quoteToken = () => base64url(randomBytes(48));

function base(type: string, o: EventOptions): WebhookEvent {
  return {
    type,
    mode: o.mode ?? 'active',
    timestamp: o.timestamp ?? Date.now(),
    source: o.source ?? { type: 'user', userId: o.userId },
    webhookEventId: o.webhookEventId ?? ulid(),
    deliveryContext: { isRedelivery: o.isRedelivery ?? false },
  };
}

const withToken = (o: EventOptions) => (o.replyToken ? { replyToken: o.replyToken } : {});

export const lineEvent = {
  follow: (o: EventOptions): WebhookEvent => ({
    ...base('follow', o),
    ...withToken(o),
    follow: { isUnblocked: false },
  }),
  unfollow: (o: EventOptions): WebhookEvent => base('unfollow', o),
  text: (o: EventOptions & { text: string }): WebhookEvent => ({
    ...base('message', o),
    ...withToken(o),
    message: { id: messageId(), type: 'text', quoteToken: quoteToken(), text: o.text },
  }),
  postback: (o: EventOptions & { data: string }): WebhookEvent => ({
    ...base('postback', o),
    ...withToken(o),
    postback: { data: o.data },
  }),
  sticker: (o: EventOptions): WebhookEvent => ({
    ...base('message', o),
    ...withToken(o),
    message: {
      id: messageId(),
      type: 'sticker',
      quoteToken: quoteToken(),
      packageId: '446',
      stickerId: '1988',
      stickerResourceType: 'STATIC',
      keywords: ['happy', 'smile'],
    },
  }),
  location: (o: EventOptions): WebhookEvent => ({
    ...base('message', o),
    ...withToken(o),
    message: { id: messageId(), type: 'location', latitude: 25.033, longitude: 121.5654, address: 'Taipei 101' },
  }),
  join: (o: EventOptions & { groupId: string }): WebhookEvent => ({
    ...base('join', { ...o, source: { type: 'group', groupId: o.groupId } }),
    ...withToken(o),
  }),
  unsend: (o: EventOptions): WebhookEvent => ({ ...base('unsend', o), unsend: { messageId: messageId() } }),
  beacon: (o: EventOptions): WebhookEvent => ({
    ...base('beacon', o),
    ...withToken(o),
    beacon: { hwid: 'd41d8cd98f', type: 'enter' },
  }),
  /** A type LINE may add tomorrow. */
  unknown: (o: EventOptions & { type: string }): WebhookEvent => ({ ...base(o.type, o), surprise: { x: 1 } }),
};

/** The same event as LINE redelivers it: same webhookEventId, isRedelivery true. */
export function redelivered(event: WebhookEvent): WebhookEvent {
  return { ...event, deliveryContext: { isRedelivery: true } };
}

export function webhookBody(events: readonly WebhookEvent[], destination = DESTINATION): string {
  return JSON.stringify({ destination, events });
}

export interface Signed {
  readonly body: string;
  readonly signature: string;
}

export async function signBody(body: string, secret = LINE_SECRET): Promise<Signed> {
  return { body, signature: await lineSignature(secret, body) };
}

/** POSTs a body to /webhooks/line; signed with `secret` unless a signature (or null: no header) is given. */
export async function postWebhook(
  baseUrl: string,
  body: string | Uint8Array<ArrayBuffer>,
  o: { secret?: string; signature?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const signature = o.signature === undefined ? await lineSignature(o.secret ?? LINE_SECRET, bytes) : o.signature;
  return fetch(`${baseUrl}/webhooks/line`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'LineBotWebhook/2.0',
      ...(signature !== null ? { 'x-line-signature': signature } : {}),
      ...o.headers,
    },
    body: bytes,
  });
}
