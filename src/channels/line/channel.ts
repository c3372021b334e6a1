// LINE Messaging API channel (Node and Workers). POST /webhooks/line reads the raw body (at most 1 MB), checks
// x-line-signature on those bytes with Web Crypto, then parses and validates it, stores the events in the durable
// inbox (unique by webhookEventId, so a redelivery has no second effect) and only then answers 200; processing
// follows right after the ack. Replies go out by reply token, else by push with a stored X-Line-Retry-Key.
import { messagingApi } from '@line/bot-sdk';
import type { Hono } from 'hono';
import type { MulticastSender } from '../../broadcasts/index.js';
import type { ProfileSource } from '../../conversation/index.js';
import type { RouteModule } from '../../http/app.js';
import { bodyRefused, readBody, WEBHOOK_BODY_LIMIT } from '../../http/body-limit.js';
import type { Defer } from '../../http/defer.js';
import type { InboxProcessor, ReplySender } from '../../inbox/index.js';
import type { Logger } from '../../kernel/logger.js';
import { renderLineMessages } from './flex/render.js';
import { createLineMulticast } from './multicast.js';
import { createLineProfiles, createLineSender, type LineApi } from './sender.js';
import { hmacKey, verifyLineSignature } from './signature.js';
import type { LineRenderer } from './text-render.js';
import { parseLineWebhook } from './webhook.js';

/** LINE sends far smaller bodies; anything bigger is refused before it is read in full (../../http/body-limit.ts). */
export const MAX_WEBHOOK_BYTES = WEBHOOK_BODY_LIMIT;

export interface LineChannelOptions {
  readonly channelSecret: string;
  readonly channelAccessToken: string;
  /** https://api.line.me by default; tests point it at a fake LINE server on loopback. */
  readonly apiBaseUrl: string;
  /** https://api-data.line.me by default (content downloads); unused for now. */
  readonly dataApiBaseUrl?: string;
  readonly log: Logger;
  /**
   * Reply view models -> LINE messages. Flex from the bundled templates by default; node.ts passes the templates of
   * FLEX_TEMPLATES_DIR; renderLineText (text-render.ts) sends plain text. A renderer that throws falls back to text.
   */
  readonly render?: LineRenderer;
  /** The Messaging API calls; the SDK's MessagingApiClient on apiBaseUrl by default. */
  readonly api?: LineApi;
  /** How long one reply or push call may take before it counts as failed (retried later); 10 s by default. */
  readonly sendTimeoutMs?: number;
}

export interface LineChannel {
  readonly sender: ReplySender;
  readonly profiles: ProfileSource;
  /** Broadcasts: multicast to <= 500 users a call. */
  readonly multicast: MulticastSender;
  /** POST /webhooks/line */
  routes(inbox: Pick<InboxProcessor, 'accept' | 'kick'>, defer: Defer): RouteModule;
}

export function createLineChannel(options: LineChannelOptions): LineChannel {
  const api =
    options.api ??
    new messagingApi.MessagingApiClient({
      channelAccessToken: options.channelAccessToken,
      baseURL: options.apiBaseUrl,
    });
  const deps = {
    api,
    render: options.render ?? ((r) => renderLineMessages(r)),
    log: options.log,
    ...(options.sendTimeoutMs !== undefined && { sendTimeoutMs: options.sendTimeoutMs }),
  };
  const key = hmacKey(options.channelSecret);
  const loggedOnce = new Set<string>();
  const utf8 = new TextDecoder('utf-8', { fatal: true });

  return {
    sender: createLineSender(deps),
    profiles: createLineProfiles(deps),
    multicast: createLineMulticast(deps),
    routes: (inbox, defer) => (app: Hono) => {
      app.post('/webhooks/line', async (c) => {
        const body = await readBody(c.req.raw, MAX_WEBHOOK_BYTES);
        if (!body.ok) return bodyRefused(c, body.error, MAX_WEBHOOK_BYTES);
        const raw = body.value;
        if (!(await verifyLineSignature(key, raw, c.req.header('x-line-signature')))) {
          return c.json({ error: 'invalid_signature' }, 401);
        }
        let json: unknown;
        try {
          json = JSON.parse(utf8.decode(raw));
        } catch {
          return c.json({ error: 'malformed_json' }, 400);
        }
        const parsed = parseLineWebhook(json);
        if (!parsed.ok) {
          options.log.warn({ path: parsed.path, message: parsed.message }, 'line: malformed webhook payload');
          return c.json({ error: 'malformed_payload', path: parsed.path, message: parsed.message }, 400);
        }
        const { events, ignored } = parsed.value;
        for (const what of ignored) {
          if (loggedOnce.has(what) || loggedOnce.size > 200) continue;
          loggedOnce.add(what);
          options.log.info({ ignored: what }, 'line: ignoring webhook events of this kind (logged once)');
        }
        // Durable before the 200: a crash after this line loses nothing; a redelivery is deduplicated by event id.
        await inbox.accept(events);
        if (events.length > 0) defer(c, inbox.kick());
        return c.json({}, 200);
      });
    },
  };
}
