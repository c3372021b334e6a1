// WhatsApp via whatsapp-web.js (Node only: it drives WhatsApp Web in Chromium). Inbound: the `message` event
// (not `message_create`, which echoes our own sends) -> InboundEvent -> the durable inbox, then a drain. Outbound:
// the channel-neutral replies rendered as text with numbered options and images, through a throttle.
import wwebjs, { type MessageMedia } from 'whatsapp-web.js';
import type { ProfileSource } from '../../conversation/index.js';
import type { InboxProcessor, OutboxItem, ReplySender, SendOutcome } from '../../inbox/index.js';
import type { Logger } from '../../kernel/logger.js';
import type { OfferStore } from '../whatsapp/offers.js';
import { resolveInbound } from '../whatsapp/offers.js';
import { renderText, type WaMessage } from '../whatsapp/render-text.js';
import type { SentParts } from '../whatsapp/sent-parts.js';
import type { WwebjsClient, WwebjsMessage } from './client.js';
import { toInboundEvent } from './inbound.js';
import { type SessionState, WhatsAppWebSession } from './session.js';
import { SendThrottle, type ThrottleOptions } from './throttle.js';

/** Fetches an image for sending; null when it cannot be had (the caption is then sent as text). */
export type MediaLoader = (url: string) => Promise<MessageMedia | null>;

export interface WhatsAppWebChannelOptions {
  readonly createClient: () => WwebjsClient;
  readonly offers: OfferStore;
  /** Which messages of a turn went out already, so a retry or a restart does not repeat them. */
  readonly parts: SentParts;
  readonly log: Logger;
  readonly throttle: ThrottleOptions;
  readonly loadMedia?: MediaLoader;
  readonly onQr?: (qr: string) => void;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly now?: () => number;
}

export interface WhatsAppWebChannel {
  readonly sender: ReplySender;
  readonly profiles: ProfileSource;
  /** Connection state and the QR code to scan, for the admin page. */
  status(): { state: SessionState; qr: string | null };
  /** Connects and feeds received messages to the inbox (call once the inbox exists). */
  start(inbox: Pick<InboxProcessor, 'accept' | 'kick' | 'deliverPending'>): void;
  /** Graceful shutdown: stops listening and destroys the browser. */
  stop(): Promise<void>;
  /** Resolves when every received message so far is in the inbox (tests, shutdown). */
  settled(): Promise<void>;
}

/** Default media loader: GET the URL (our own signed QR link) and wrap the bytes in the library's MessageMedia. */
export const fetchMedia =
  (log: Logger, timeoutMs = 10_000): MediaLoader =>
  async (url) => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) {
        log.warn({ status: res.status }, 'whatsapp web: image not available');
        return null;
      }
      const mime = res.headers.get('content-type')?.split(';')[0]?.trim() || 'image/png';
      const data = Buffer.from(await res.arrayBuffer()).toString('base64');
      return new wwebjs.MessageMedia(mime, data, url.split('/').pop()?.split('?')[0] || 'image.png');
    } catch (error) {
      log.warn({ err: error }, 'whatsapp web: image fetch failed');
      return null;
    }
  };

export function createWhatsAppWebChannel(o: WhatsAppWebChannelOptions): WhatsAppWebChannel {
  const now = o.now ?? Date.now;
  const throttle = new SendThrottle(o.throttle);
  const loadMedia = o.loadMedia ?? fetchMedia(o.log);
  let inbox: Pick<InboxProcessor, 'accept' | 'kick' | 'deliverPending'> | null = null;
  // Received messages are handled one after another, so they reach the inbox in the order they came.
  let chain: Promise<void> = Promise.resolve();

  const handle = async (msg: WwebjsMessage) => {
    const event = toInboundEvent(msg);
    if (!event || !inbox) return;
    const resolved = await resolveInbound(o.offers, event);
    await inbox.accept([resolved]);
    void inbox.kick();
  };

  const session = new WhatsAppWebSession({
    createClient: o.createClient,
    log: o.log,
    onQr: o.onQr,
    backoff: o.backoff,
    onMessage: (msg) => {
      chain = chain.then(() =>
        handle(msg).catch((error: unknown) => o.log.error({ err: error }, 'whatsapp web: message not stored')),
      );
    },
    // Replies that waited while we were offline go out now, not when their backoff would have them retried.
    onReady: () =>
      void inbox
        ?.deliverPending('wa_web')
        .catch((error: unknown) => o.log.error({ err: error }, 'whatsapp web: waiting replies not sent')),
  });

  /** Sends one message and answers WhatsApp's id for it (null when the client gave none). */
  const sendOne = async (client: WwebjsClient, chatId: string, m: WaMessage): Promise<string | null> => {
    let sent: Awaited<ReturnType<WwebjsClient['sendMessage']>> | undefined;
    if (m.kind === 'text') sent = await client.sendMessage(chatId, m.text, { linkPreview: false });
    else {
      const media = await loadMedia(m.url);
      if (media) sent = await client.sendMessage(chatId, media, { caption: m.caption });
      else sent = await client.sendMessage(chatId, m.caption, { linkPreview: false });
    }
    return sent?.id?._serialized ?? null;
  };

  const sender: ReplySender = {
    async send(item: OutboxItem): Promise<SendOutcome> {
      const client = session.client;
      if (!client) return { status: 'retry', error: `whatsapp web not connected (${session.state})` };
      const { messages, options } = renderText(item.replies);
      try {
        // Recorded before the first message goes out: the member may answer while the rest is still throttled.
        await o.offers.record('wa_web', item.userId, item.id, options, now());
        for (let i = await o.parts.next(item.id); i < messages.length; i++) {
          const m = messages[i];
          if (!m) continue;
          await throttle.wait(item.userId);
          const messageId = await sendOne(client, item.userId, m);
          await o.parts.record(item.id, i, messageId, now());
        }
        return { status: 'sent' };
      } catch (error) {
        return { status: 'retry', error: error instanceof Error ? error.message : String(error) };
      }
    },
  };

  const profiles: ProfileSource = {
    async profile(userId) {
      const client = session.client;
      if (!client) return undefined;
      try {
        const contact = await client.getContactById(userId);
        const displayName = contact.pushname || contact.name || undefined;
        return displayName ? { displayName } : undefined;
      } catch {
        return undefined;
      }
    },
  };

  return {
    sender,
    profiles,
    status: () => ({ state: session.state, qr: session.qr }),
    start(target) {
      inbox = target;
      session.start();
    },
    async stop() {
      await session.stop();
      await chain;
    },
    settled: () => chain,
  };
}
