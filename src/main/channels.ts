// The chat channels, built once for both runtimes: LINE and the WhatsApp Cloud API (fetch + Web Crypto: they run
// on Node and on Workers), plus the ones a runtime brings (Node: whatsapp-web.js, the simulator). Nothing here
// reads the disk or starts Chromium: node.ts passes those parts in.
import type { MulticastSender } from '../broadcasts/index.js';
import { createLineChannel, type LineChannel } from '../channels/line/channel.js';
import type { LineRenderer } from '../channels/line/text-render.js';
import { sqlOfferStore } from '../channels/whatsapp/db/offers-sql.js';
import { createWhatsAppCloudChannel } from '../channels/whatsapp-cloud/channel.js';
import type { ProfileSource } from '../conversation/index.js';
import type { AdminAuthenticate } from '../http/admin-router.js';
import type { RouteModule } from '../http/app.js';
import type { Defer } from '../http/defer.js';
import type { InboxProcessor, ReplySender } from '../inbox/index.js';
import type { Channel } from '../kernel/channel.js';
import type { Database } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import { type AppConfig, whatsappCloudEnabled } from './config.js';

/** What a channel's routes may need once the services exist. */
export interface ChannelRouteContext {
  readonly inbox: InboxProcessor;
  /** deferOnNode or deferOnWorkers. */
  readonly defer: Defer;
  readonly authenticate: AdminAuthenticate;
}

/** One channel as the composition sees it: how to answer, whom to ask for profiles, its routes. */
export interface RuntimeChannel {
  readonly channel: Channel;
  readonly sender: ReplySender;
  readonly profiles: ProfileSource;
  routes(ctx: ChannelRouteContext): RouteModule;
}

export interface ChannelOptions {
  /**
   * LINE messages from reply view models, made once and only when LINE is on (Node: the Flex templates of
   * FLEX_TEMPLATES_DIR, read from disk). Default: the channel's own, from the bundled templates.
   */
  readonly lineRenderer?: () => LineRenderer;
  /** Channels the runtime brings, mounted after LINE's routes. */
  readonly extra?: readonly RuntimeChannel[];
}

export interface Channels {
  readonly senders: Partial<Record<Channel, ReplySender>>;
  readonly profiles: Partial<Record<Channel, ProfileSource>>;
  /** LINE multicast for broadcasts (absent when LINE is off). */
  readonly lineMulticast?: MulticastSender;
  routes(ctx: ChannelRouteContext): RouteModule[];
}

/** The LINE channel when its two settings are set (server, worker, and the CLI's broadcasts). */
export function lineChannel(config: AppConfig, log: Logger, renderer?: () => LineRenderer): LineChannel | undefined {
  if (!config.lineEnabled) return undefined;
  const render = renderer?.();
  return createLineChannel({
    channelSecret: config.LINE_CHANNEL_SECRET ?? '',
    channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN ?? '',
    apiBaseUrl: config.LINE_API_BASE_URL,
    dataApiBaseUrl: config.LINE_DATA_API_BASE_URL,
    log,
    sendTimeoutMs: config.OUTBOX_SEND_TIMEOUT_MS,
    ...(render && { render }),
  });
}

/** The WhatsApp Cloud API channel when its four settings are set. */
function cloudChannel(config: AppConfig, db: Database, log: Logger): RuntimeChannel | undefined {
  if (!whatsappCloudEnabled(config)) return undefined;
  const cloud = createWhatsAppCloudChannel({
    accessToken: config.WHATSAPP_CLOUD_ACCESS_TOKEN ?? '',
    appSecret: config.WHATSAPP_CLOUD_APP_SECRET ?? '',
    verifyToken: config.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
    phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
    graphBaseUrl: config.WHATSAPP_GRAPH_BASE_URL,
    sendTimeoutMs: config.OUTBOX_SEND_TIMEOUT_MS,
    db,
    log,
    offers: sqlOfferStore(db),
  });
  return {
    channel: 'wa_cloud',
    sender: cloud.sender,
    profiles: cloud.profiles,
    routes: ({ inbox, defer }) => cloud.routes(inbox, defer),
  };
}

export function createChannels(config: AppConfig, db: Database, log: Logger, o: ChannelOptions = {}): Channels {
  const line = lineChannel(config, log, o.lineRenderer);
  const lineEntry: RuntimeChannel | undefined = line && {
    channel: 'line',
    sender: line.sender,
    profiles: line.profiles,
    routes: ({ inbox, defer }) => line.routes(inbox, defer),
  };
  // Route order as before the composition was shared: LINE, the runtime's channels, the Cloud API.
  const all = [lineEntry, ...(o.extra ?? []), cloudChannel(config, db, log)].filter(
    (c): c is RuntimeChannel => c !== undefined,
  );
  return {
    senders: Object.fromEntries(all.map((c) => [c.channel, c.sender])),
    profiles: Object.fromEntries(all.map((c) => [c.channel, c.profiles])),
    ...(line && { lineMulticast: line.multicast }),
    routes: (ctx) => all.map((c) => c.routes(ctx)),
  };
}
