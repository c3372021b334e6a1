// Wiring of the two WhatsApp channels for the Node composition root: whatsapp-web.js (WHATSAPP_WEB=on) and the
// Cloud API (on when its four WHATSAPP_CLOUD_* settings are set).

import { sqlOfferStore } from '../channels/whatsapp/offers.js';
import { sqlSentParts } from '../channels/whatsapp/sent-parts.js';
import { createWhatsAppCloudChannel } from '../channels/whatsapp-cloud/channel.js';
import { whatsappWebQrRoutes } from '../channels/whatsapp-web/admin-qr.js';
import { createWhatsAppWebChannel } from '../channels/whatsapp-web/channel.js';
import type { WwebjsClient } from '../channels/whatsapp-web/client.js';
import type { ProfileSource } from '../conversation/ports.js';
import type { AdminAuthenticate } from '../http/admin-router.js';
import type { RouteModule } from '../http/app.js';
import type { Defer } from '../http/defer.js';
import type { InboxProcessor, ReplySender } from '../inbox/service.js';
import type { Database } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import { type AppConfig, whatsappCloudEnabled } from './config.js';
import { createWhatsAppWebClient, printQrToTerminal } from './whatsapp-web-client.js';

export interface WhatsAppChannels {
  readonly senders: { wa_web?: ReplySender; wa_cloud?: ReplySender };
  readonly profiles: { wa_web?: ProfileSource; wa_cloud?: ProfileSource };
  routes(inbox: InboxProcessor, defer: Defer, authenticate: AdminAuthenticate): RouteModule[];
  /** Connects WhatsApp Web (in the background) once the inbox exists. */
  start(inbox: InboxProcessor): void;
  stop(): Promise<void>;
}

export interface WhatsAppOverrides {
  /** Replaces the real Client (tests pass test/fakes/fake-wwebjs-client.ts). */
  readonly createWhatsAppWebClient?: () => WwebjsClient;
}

export { whatsappCloudEnabled };

export function createWhatsAppChannels(
  config: AppConfig,
  db: Database,
  log: Logger,
  overrides: WhatsAppOverrides = {},
): WhatsAppChannels {
  const offers = sqlOfferStore(db);
  const web = config.WHATSAPP_WEB
    ? createWhatsAppWebChannel({
        createClient:
          overrides.createWhatsAppWebClient ??
          (() =>
            createWhatsAppWebClient({
              sessionDir: config.WHATSAPP_WEB_SESSION_DIR,
              chromiumPath: config.WHATSAPP_WEB_CHROMIUM,
            })),
        offers,
        parts: sqlSentParts(db),
        log,
        throttle: {
          minIntervalMs: config.WHATSAPP_WEB_MIN_INTERVAL_MS,
          perMinute: config.WHATSAPP_WEB_GLOBAL_PER_MINUTE,
        },
        onQr: (qr) => {
          if (config.NODE_ENV !== 'test') void printQrToTerminal(qr);
        },
      })
    : undefined;
  const cloud = whatsappCloudEnabled(config)
    ? createWhatsAppCloudChannel({
        accessToken: config.WHATSAPP_CLOUD_ACCESS_TOKEN ?? '',
        appSecret: config.WHATSAPP_CLOUD_APP_SECRET ?? '',
        verifyToken: config.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
        phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
        graphBaseUrl: config.WHATSAPP_GRAPH_BASE_URL,
        db,
        log,
        offers,
      })
    : undefined;
  return {
    senders: { ...(web && { wa_web: web.sender }), ...(cloud && { wa_cloud: cloud.sender }) },
    profiles: { ...(web && { wa_web: web.profiles }), ...(cloud && { wa_cloud: cloud.profiles }) },
    routes: (inbox, defer, authenticate) => [
      ...(web ? [whatsappWebQrRoutes({ authenticate, source: web })] : []),
      ...(cloud ? [cloud.routes(inbox, defer)] : []),
    ],
    start: (inbox) => web?.start(inbox),
    stop: async () => {
      await web?.stop();
    },
  };
}
