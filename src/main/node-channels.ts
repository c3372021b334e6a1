// The channels only Node has: whatsapp-web.js (WHATSAPP_WEB=on; it drives Chromium) and the simulator (on unless
// production, or as SIMULATOR says). LINE and the Cloud API are built by ./channels.ts for both runtimes.

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createSimulator } from '../channels/simulator/routes.js';
import { sqlOfferStore } from '../channels/whatsapp/db/offers-sql.js';
import { sqlSentParts } from '../channels/whatsapp/db/sent-parts-sql.js';
import { whatsappWebQrRoutes } from '../channels/whatsapp-web/admin-qr.js';
import { createWhatsAppWebChannel } from '../channels/whatsapp-web/channel.js';
import type { WwebjsClient } from '../channels/whatsapp-web/client.js';
import type { InboxProcessor } from '../inbox/index.js';
import type { Database } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import type { RuntimeChannel } from './channels.js';
import type { AppConfig } from './config.js';
import { createWhatsAppWebClient, printQrToTerminal } from './whatsapp-web-client.js';

export interface WhatsAppOverrides {
  /** Replaces the real Client (tests pass test/fakes/fake-wwebjs-client.ts). */
  readonly createWhatsAppWebClient?: () => WwebjsClient;
}

export interface NodeChannels {
  readonly extra: readonly RuntimeChannel[];
  /** Connects WhatsApp Web (in the background) once the inbox exists. */
  start(inbox: InboxProcessor): void;
  stop(): Promise<void>;
}

/** The caller's socket address on @hono/node-server (undefined for a request that came through no socket). */
function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export function simulatorOn(config: AppConfig): boolean {
  return config.SIMULATOR ?? config.NODE_ENV !== 'production';
}

function simulatorChannel(config: AppConfig): RuntimeChannel | undefined {
  if (!simulatorOn(config)) return undefined;
  const simulator = createSimulator({
    adminToken: config.ADMIN_TOKEN,
    requireToken: config.NODE_ENV === 'production',
    listenHost: config.host,
    remoteAddress,
  });
  return {
    channel: 'simulator',
    sender: simulator.sender,
    profiles: simulator.profiles,
    routes: ({ inbox }) => simulator.routes(inbox),
  };
}

function whatsappWebChannel(config: AppConfig, db: Database, log: Logger, overrides: WhatsAppOverrides) {
  if (!config.WHATSAPP_WEB) return undefined;
  return createWhatsAppWebChannel({
    createClient:
      overrides.createWhatsAppWebClient ??
      (() =>
        createWhatsAppWebClient({
          sessionDir: config.WHATSAPP_WEB_SESSION_DIR,
          chromiumPath: config.WHATSAPP_WEB_CHROMIUM,
        })),
    offers: sqlOfferStore(db),
    parts: sqlSentParts(db),
    log,
    throttle: {
      minIntervalMs: config.WHATSAPP_WEB_MIN_INTERVAL_MS,
      perMinute: config.WHATSAPP_WEB_GLOBAL_PER_MINUTE,
    },
    onQr: (qr) => {
      if (config.NODE_ENV !== 'test') void printQrToTerminal(qr);
    },
  });
}

export function createNodeChannels(
  config: AppConfig,
  db: Database,
  log: Logger,
  overrides: WhatsAppOverrides = {},
): NodeChannels {
  const simulator = simulatorChannel(config);
  const web = whatsappWebChannel(config, db, log, overrides);
  const webEntry: RuntimeChannel | undefined = web && {
    channel: 'wa_web',
    sender: web.sender,
    profiles: web.profiles,
    routes: ({ authenticate }) => whatsappWebQrRoutes({ authenticate, source: web }),
  };
  return {
    extra: [simulator, webEntry].filter((c): c is RuntimeChannel => c !== undefined),
    start: (inbox) => web?.start(inbox),
    stop: async () => {
      await web?.stop();
    },
  };
}
