// The one place that knows every module. Both runtimes call compose() with what only they have (the database,
// how to defer work, Node's extra channels) and loop over the routes and jobs it returns.
import { type BroadcastPreviewRenderer, broadcastApi, broadcastJobs } from '../broadcasts/index.js';
import { type RichMenuContent, richMenuJobs } from '../channels/line/rich-menu/index.js';
import { checkinAdminRoutes } from '../checkin/index.js';
import { catalogAdminRoutes, couponAdminRoutes } from '../coupons/index.js';
import { earnAdminRoutes } from '../earn/index.js';
import { giveawayAdminRoutes } from '../giveaways/index.js';
import { adminApi } from '../http/admin-api.js';
import { type AdminRouteModule, adminAuthenticator } from '../http/admin-router.js';
import type { RouteModule } from '../http/app.js';
import type { Defer } from '../http/defer.js';
import { createQrSigner, type QrSigner, qrRoutes } from '../http/qr.js';
import { storeOpenApi } from '../http/store-openapi.js';
import { inboxJobs } from '../inbox/index.js';
import { systemClock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import type { Job } from '../kernel/job.js';
import type { Logger } from '../kernel/logger.js';
import { holdJobs, ledgerJobs } from '../ledger/index.js';
import { welcomeBonusAdminRoutes } from '../members/index.js';
import { checkoutAdminRoutes, purchaseApi, purchaseRouteDocs, refundReportRoutes } from '../purchases/index.js';
import { couponRouteDocs, directoryAdminRoutes, storeAccess, storeAdminRoutes, storeApi } from '../stores/index.js';
import { broadcastPreviewRenderer } from './broadcast-preview.js';
import { type ChannelOptions, type Channels, createChannels } from './channels.js';
import type { AppConfig } from './config.js';
import { seedDemoProgram, seedDemoStoreKey } from './demo-seed.js';
import { lineRichMenuParts } from './rich-menu-services.js';
import { composeServices, type Services } from './services.js';

export { type ComposeOptions, composeServices, type Services } from './services.js';

/** What a runtime brings to the composition. */
export interface Runtime {
  readonly config: AppConfig;
  readonly db: Database;
  readonly log: Logger;
  /** Work that goes on after a response: deferOnNode, or deferOnWorkers (executionCtx.waitUntil). */
  readonly defer: Defer;
  /** Node: LINE's Flex templates from FLEX_TEMPLATES_DIR, whatsapp-web.js and the simulator. */
  readonly channels?: ChannelOptions;
  /** LINE rich menus: Node reads flex-templates/rich-menus/, Workers the bundled ones. */
  readonly richMenus?: () => Promise<readonly RichMenuContent[]>;
}

/** The app, as lists both runtimes loop over. */
export interface Composition {
  readonly services: Services;
  /** Mounted in this order by createHttpApp. */
  readonly routes: readonly RouteModule[];
  /** Node: a croner job each (startNodeScheduler); Workers: the ones due on the trigger (jobsOnTrigger). */
  readonly jobs: readonly Job[];
  /** The key of the demo's first store, when this start seeded the demo outside production (print it once). */
  readonly demoStoreKey?: string;
}

export async function compose(r: Runtime): Promise<Composition> {
  const { config, db, log } = r;
  const qr = createQrSigner(config.qrSecret, config.publicBaseUrl);
  const channels = createChannels(config, db, log, r.channels);
  const lineRichMenus = lineRichMenuParts(config, r.richMenus);
  const services = composeServices({
    config,
    db,
    clock: systemClock,
    log,
    qr,
    senders: channels.senders,
    profiles: channels.profiles,
    ...(channels.lineMulticast && { lineMulticast: channels.lineMulticast }),
    ...(lineRichMenus && { lineRichMenus }),
  });
  const seeded = config.SEED_DEMO && (await seedDemoProgram(services, systemClock.now()));
  if (seeded) log.info({}, 'seeded the demo program');
  // The demo store's key is shown once, at the start that seeds it, and only outside production.
  const demoStoreKey = seeded && config.NODE_ENV !== 'production' ? await seedDemoStoreKey(services) : undefined;
  return {
    services,
    routes: routes(services, qr, channels, r.defer, broadcastPreviewRenderer(r.channels?.lineRenderer)),
    jobs: jobs(services),
    ...(demoStoreKey && { demoStoreKey }),
  };
}

function routes(
  s: Services,
  qr: QrSigner,
  channels: Channels,
  defer: Defer,
  preview: BroadcastPreviewRenderer,
): RouteModule[] {
  const authenticate = adminAuthenticator({ adminToken: s.config.ADMIN_TOKEN, access: s.adminAccess });
  return [
    qrRoutes(qr),
    ...storeRoutes(s, defer),
    adminApi({
      adminToken: s.config.ADMIN_TOKEN,
      ledger: s.ledger,
      access: s.adminAccess,
      program: programAdminRoutes(s),
      log: s.log,
      modules: [broadcastApi(s.broadcasts, defer, preview)],
    }),
    ...channels.routes({ inbox: s.inbox, defer, authenticate }),
  ];
}

/** The store (POS) API: its OpenAPI document (GET /api/store/openapi.json), the coupon routes, purchases and holds. */
export function storeRoutes(s: Services, defer: Defer): RouteModule[] {
  const authenticate = adminAuthenticator({ adminToken: s.config.ADMIN_TOKEN, access: s.adminAccess });
  return [
    storeOpenApi([...purchaseRouteDocs, ...couponRouteDocs]),
    storeApi(s.stores, s.coupons, { authenticate, access: s.adminAccess }),
    purchaseApi({
      ...s.commerce,
      access: storeAccess(s.stores, { authenticate, access: s.adminAccess }),
      deliver: () => s.inbox.deliverDue(),
      defer,
    }),
  ];
}

/** The program's admin routes, in the order the OpenAPI document lists them (after the point types). */
export function programAdminRoutes(s: Services): AdminRouteModule[] {
  return [
    checkinAdminRoutes(s.checkin),
    welcomeBonusAdminRoutes(s.welcomeBonus),
    giveawayAdminRoutes(s.giveaways),
    catalogAdminRoutes(s.coupons),
    directoryAdminRoutes(s.directory),
    storeAdminRoutes(s.stores),
    earnAdminRoutes(s.earn),
    checkoutAdminRoutes(s.commerce.checkout),
    refundReportRoutes(s.commerce.refunds, { timeZone: s.config.PROGRAM_TIMEZONE, now: () => s.clock.now() }),
    couponAdminRoutes(s.coupons),
  ];
}

/** In the order a Workers trigger runs them: the inbox and broadcasts first, then what is due today. */
function jobs(s: Services): Job[] {
  const c = s.config;
  return [
    ...inboxJobs(s.inbox, {
      days: c.RETENTION_DAYS,
      schedule: { cron: c.RETENTION_CRON, utcCron: c.RETENTION_CRON_UTC },
    }),
    ...broadcastJobs(s.broadcasts),
    ...(s.richMenus ? richMenuJobs(s.richMenus) : []),
    ...holdJobs(s.commerce.holds),
    ...ledgerJobs(s.jobs, {
      expirySweep: { cron: c.EXPIRY_SWEEP_CRON, utcCron: c.EXPIRY_SWEEP_CRON_UTC },
      reminders: { cron: c.REMINDERS_CRON, utcCron: c.REMINDERS_CRON_UTC },
    }),
  ];
}
