// The channels only Node has: whatsapp-web.js (WHATSAPP_WEB=on; it drives Chromium) and the simulator (on unless
// production, or as SIMULATOR says). LINE and the Cloud API are built by ./channels.ts for both runtimes.

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { loadFlexTemplates } from '../channels/line/flex/load-templates.js';
import type { RichMenuContent } from '../channels/line/rich-menu/index.js';
import type { SimulatorRichMenus } from '../channels/simulator/rich-menu-routes.js';
import { createSimulator } from '../channels/simulator/routes.js';
import { sqlOfferStore } from '../channels/whatsapp/db/offers-sql.js';
import { sqlSentParts } from '../channels/whatsapp/db/sent-parts-sql.js';
import { whatsappWebQrRoutes } from '../channels/whatsapp-web/admin-qr.js';
import { createWhatsAppWebChannel } from '../channels/whatsapp-web/channel.js';
import type { WwebjsClient } from '../channels/whatsapp-web/client.js';
import { type InboxProcessor, sqlConversationLog } from '../inbox/index.js';
import type { Database } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import { sqlChatStore } from '../members/index.js';
import type { RuntimeChannel } from './channels.js';
import type { AppConfig } from './config.js';
import { loadRichMenus } from './rich-menus.js';
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

/** The simulator draws the Flex templates LINE uses (FLEX_TEMPLATES_DIR) and reads conversations from `db`. */
function simulatorChannel(config: AppConfig, db: Database, log: Logger): RuntimeChannel | undefined {
  if (!simulatorOn(config)) return undefined;
  const simulator = createSimulator({
    adminToken: config.ADMIN_TOKEN,
    requireToken: config.NODE_ENV === 'production',
    listenHost: config.host,
    remoteAddress,
    templates: loadFlexTemplates(config.FLEX_TEMPLATES_DIR, {
      brandName: config.BRAND_NAME,
      onError: (error, reply) =>
        log.warn({ err: error, kind: reply.kind }, 'simulator: Flex reply drawn as plain text'),
    }),
    conversation: sqlConversationLog(db),
    richMenus: simulatorRichMenus(config, db, log),
  });
  return {
    channel: 'simulator',
    sender: simulator.sender,
    profiles: simulator.profiles,
    routes: ({ inbox }) => simulator.routes(inbox),
  };
}

/** The rich menus of FLEX_TEMPLATES_DIR/rich-menus/ (RICH_MENUS on), read once; a broken one is logged, not drawn. */
function simulatorRichMenus(config: AppConfig, db: Database, log: Logger): SimulatorRichMenus | undefined {
  if (!config.RICH_MENUS) return undefined;
  const chats = sqlChatStore(db);
  let menus: Promise<readonly RichMenuContent[]> | undefined;
  return {
    menus: () => {
      menus ??= loadRichMenus(config.FLEX_TEMPLATES_DIR).catch((error: unknown) => {
        log.warn({ err: error }, 'simulator: rich menus not drawn');
        return [];
      });
      return menus;
    },
    isMember: async (userId) => (await chats.identity('simulator', userId))?.memberId != null,
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
  const simulator = simulatorChannel(config, db, log);
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
