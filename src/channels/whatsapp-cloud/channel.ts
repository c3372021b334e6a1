// WhatsApp Cloud API channel (Node and Workers: fetch and Web Crypto only). GET /webhooks/whatsapp answers Meta's
// verification handshake; POST checks X-Hub-Signature-256 on the raw body, stores the messages in the durable inbox
// (keyed by wamid, so redeliveries are processed once) and records delivery statuses, then processes after the ack.
// Replies go through the Graph API, only inside the member's 24-hour customer-service window.
import type { Hono } from 'hono';
import type { ProfileSource } from '../../conversation/index.js';
import type { RouteModule } from '../../http/app.js';
import { secretsEqual } from '../../http/auth.js';
import { bodyRefused, readBody, WEBHOOK_BODY_LIMIT } from '../../http/body-limit.js';
import type { Defer } from '../../http/defer.js';
import type { InboxProcessor, OutboxItem, ReplySender, SendOutcome } from '../../inbox/index.js';
import type { InboundEvent } from '../../kernel/channel.js';
import type { Database, Statement } from '../../kernel/database.js';
import type { Logger } from '../../kernel/logger.js';
import { sqlOfferStore } from '../whatsapp/db/offers-sql.js';
import { sqlSentParts } from '../whatsapp/db/sent-parts-sql.js';
import { type OfferStore, resolveInbound } from '../whatsapp/offers.js';
import type { SentParts } from '../whatsapp/sent-parts.js';
import type { CloudContactStore } from './contacts.js';
import { sqlCloudContactStore } from './db/contacts-sql.js';
import { type GraphResult, sendGraphMessage } from './graph.js';
import { templateMessage } from './graph-message.js';
import { renderCloud } from './render.js';
import { verifySignature } from './signature.js';
import { parseWebhook, toInboundEvent, type WebhookContents } from './webhook.js';

/** Free-form messages may be sent for 24 hours after the member's last message; templates only afterwards. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface WhatsAppCloudOptions {
  readonly accessToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly phoneNumberId: string;
  /** https://graph.facebook.com/v21.0 by default. */
  readonly graphBaseUrl: string;
  readonly db: Database;
  readonly log: Logger;
  readonly offers?: OfferStore;
  readonly parts?: SentParts;
  readonly contacts?: CloudContactStore;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  /** How long one Graph call may take before it counts as failed (retried later); 10 s by default. */
  readonly sendTimeoutMs?: number;
}

export interface WhatsAppCloudChannel {
  readonly sender: ReplySender;
  readonly profiles: ProfileSource;
  /** GET and POST /webhooks/whatsapp */
  routes(inbox: Pick<InboxProcessor, 'accept' | 'kick'>, defer: Defer): RouteModule;
}

export function createWhatsAppCloudChannel(o: WhatsAppCloudOptions): WhatsAppCloudChannel {
  const now = o.now ?? Date.now;
  const offers = o.offers ?? sqlOfferStore(o.db);
  // Which messages of a turn Graph accepted already: kept in the database, since a retry may run after a restart
  // or on another Workers isolate.
  const parts = o.parts ?? sqlSentParts(o.db);
  const contacts = o.contacts ?? sqlCloudContactStore(o.db);
  const graph = {
    baseUrl: o.graphBaseUrl,
    accessToken: o.accessToken,
    phoneNumberId: o.phoneNumberId,
    fetch: o.fetch,
    ...(o.sendTimeoutMs !== undefined && { timeoutMs: o.sendTimeoutMs }),
  };

  const sender: ReplySender = {
    async send(item: OutboxItem): Promise<SendOutcome> {
      const lastInboundAt = await contacts.lastInboundAt(item.userId);
      if (lastInboundAt === undefined || now() - lastInboundAt > SERVICE_WINDOW_MS) {
        // Outside the window only an approved template may go out: broadcasts can carry one.
        const template = item.replies.find((r) => r.whatsappTemplate)?.whatsappTemplate;
        if (!template) return { status: 'failed', error: 'outside_24h_window' };
        const r = await sendGraphMessage(graph, item.userId, templateMessage(template));
        return r.ok ? { status: 'sent' } : failedSend(r);
      }
      const { messages, options } = renderCloud(item.replies);
      await offers.record('wa_cloud', item.userId, item.id, options, now());
      for (let i = await parts.next(item.id); i < messages.length; i++) {
        const message = messages[i];
        if (!message) continue;
        const r = await sendGraphMessage(graph, item.userId, message);
        if (!r.ok) return failedSend(r);
        await parts.record(item.id, i, r.wamid, now());
      }
      return { status: 'sent' };
    },
  };

  const profiles: ProfileSource = {
    async profile(userId) {
      const name = await contacts.profileName(userId);
      return name ? { displayName: name } : undefined;
    },
  };

  return {
    sender,
    profiles,
    routes: (inbox, defer) => (app: Hono) => {
      app.get('/webhooks/whatsapp', async (c) => {
        const mode = c.req.query('hub.mode');
        const token = c.req.query('hub.verify_token');
        const challenge = c.req.query('hub.challenge');
        if (mode === 'subscribe' && token !== undefined && challenge && (await secretsEqual(token, o.verifyToken))) {
          return c.text(challenge, 200);
        }
        return c.text('forbidden', 403);
      });

      app.post('/webhooks/whatsapp', async (c) => {
        // Read within the limit before the signature is checked: an unsigned body costs at most 1 MB.
        const read = await readBody(c.req.raw, WEBHOOK_BODY_LIMIT);
        if (!read.ok) return bodyRefused(c, read.error, WEBHOOK_BODY_LIMIT);
        const raw = read.value;
        if (!(await verifySignature(o.appSecret, raw, c.req.header('x-hub-signature-256')))) {
          return c.json({ error: 'invalid_signature' }, 401);
        }
        let body: unknown;
        try {
          body = JSON.parse(new TextDecoder().decode(raw));
        } catch {
          return c.json({ error: 'invalid_json', message: 'body is not JSON' }, 400);
        }
        const parsed = parseWebhook(body, o.phoneNumberId);
        if (!parsed.ok) {
          return c.json({ error: 'invalid_payload', field: parsed.error.field, message: parsed.error.message }, 400);
        }
        const { messages, foreign } = parsed.value;
        if (foreign > 0) o.log.warn({ changes: foreign }, 'whatsapp cloud: changes for another phone number ignored');

        const statements = bookkeeping(contacts, o.log, parsed.value, now());
        if (statements.length > 0) {
          const r = await o.db.batch(statements);
          if (!r.ok) throw new Error(`whatsapp cloud: webhook bookkeeping refused: ${r.error.kind}`);
        }

        const events: InboundEvent[] = [];
        for (const m of messages) {
          const event = toInboundEvent(m);
          if (event) events.push(await resolveInbound(offers, event));
        }
        // Durable before the 200: a crash after this line loses nothing, a redelivery is deduplicated by wamid.
        await inbox.accept(events);
        if (events.length > 0) defer(c, inbox.kick());
        return c.json({ ok: true });
      });
    },
  };
}

/** A Graph refusal as the outbox takes it: retried later (after Retry-After when given), or failed for good. */
function failedSend(r: Extract<GraphResult, { ok: false }>): SendOutcome {
  if (!r.retry) return { status: 'failed', error: r.error };
  return {
    status: 'retry',
    error: r.error,
    ...(r.throttled && { throttled: true }),
    ...(r.retryAfterMs !== undefined && { retryAfterMs: r.retryAfterMs }),
  };
}

/** What a webhook tells us beyond its messages, to commit in one batch: contact windows and delivery statuses. */
function bookkeeping(
  contacts: CloudContactStore,
  log: Logger,
  { messages, statuses, names }: WebhookContents,
  receivedAt: number,
): Statement[] {
  const statements: Statement[] = [];
  for (const m of messages) {
    // Any message from the member opens (or extends) the window, even one we do not answer.
    const at = Math.min(Number(m.timestamp) * 1000, receivedAt);
    statements.push(contacts.recordInbound(m.from, at, names.get(m.from) ?? null, receivedAt));
  }
  for (const s of statuses) {
    const error = s.errors?.[0];
    statements.push(
      contacts.recordStatus(
        {
          wamid: s.id,
          status: s.status,
          recipientId: s.recipient_id,
          at: Number(s.timestamp) * 1000,
          errorCode: error?.code ?? null,
          errorTitle: error?.title ?? null,
        },
        receivedAt,
      ),
    );
    if (s.status === 'failed') {
      log.warn({ wamid: s.id, code: error?.code, title: error?.title }, 'whatsapp cloud: message not delivered');
    }
  }
  return statements;
}
