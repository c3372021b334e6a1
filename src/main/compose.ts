// The one place that knows every module. Both runtimes call compose() with what only they have (the database,
// how to defer work, Node's extra channels) and loop over the routes and jobs it returns.
import { broadcastApi, broadcastJobs } from '../broadcasts/index.js';
import { checkinAdminRoutes } from '../checkin/index.js';
import { catalogAdminRoutes, couponAdminRoutes } from '../coupons/index.js';
import { earnAdminRoutes } from '../earn/index.js';
import { giveawayAdminRoutes } from '../giveaways/index.js';
import { adminApi } from '../http/admin-api.js';
import { type AdminRouteModule, adminAuthenticator } from '../http/admin-router.js';
import type { RouteModule } from '../http/app.js';
import type { Defer } from '../http/defer.js';
import { createQrSigner, type QrSigner, qrRoutes } from '../http/qr.js';
import { inboxJobs } from '../inbox/index.js';
import { systemClock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import type { Job } from '../kernel/job.js';
import type { Logger } from '../kernel/logger.js';
import { holdJobs, ledgerJobs } from '../ledger/index.js';
import { welcomeBonusAdminRoutes } from '../members/index.js';
import { checkoutAdminRoutes, purchaseApi } from '../purchases/index.js';
import { directoryAdminRoutes, storeAccess, storeAdminRoutes, storeApi } from '../stores/index.js';
import { type ChannelOptions, type Channels, createChannels } from './channels.js';
import type { AppConfig } from './config.js';
import { seedDemoProgram, seedDemoStoreKey } from './demo-seed.js';
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
  const services = composeServices({
    config,
    db,
    clock: systemClock,
    log,
    qr,
    senders: channels.senders,
    profiles: channels.profiles,
    ...(channels.lineMulticast && { lineMulticast: channels.lineMulticast }),
  });
  const seeded = config.SEED_DEMO && (await seedDemoProgram(services, systemClock.now()));
  if (seeded) log.info({}, 'seeded the demo program');
  // The demo store's key is shown once, at the start that seeds it, and only outside production.
  const demoStoreKey = seeded && config.NODE_ENV !== 'production' ? await seedDemoStoreKey(services) : undefined;
  return {
    services,
    routes: routes(services, qr, channels, r.defer),
    jobs: jobs(services),
    ...(demoStoreKey && { demoStoreKey }),
  };
}

function routes(s: Services, qr: QrSigner, channels: Channels, defer: Defer): RouteModule[] {
  const authenticate = adminAuthenticator({ adminToken: s.config.ADMIN_TOKEN, access: s.adminAccess });
  return [
    qrRoutes(qr),
    storeApi(s.stores, s.coupons, { authenticate, access: s.adminAccess }),
    purchaseApi({
      ...s.commerce,
      access: storeAccess(s.stores, { authenticate, access: s.adminAccess }),
      deliver: () => s.inbox.deliverDue(),
      defer,
    }),
    adminApi({
      adminToken: s.config.ADMIN_TOKEN,
      ledger: s.ledger,
      access: s.adminAccess,
      program: programAdminRoutes(s),
      modules: [broadcastApi(s.broadcasts, defer)],
    }),
    ...channels.routes({ inbox: s.inbox, defer, authenticate }),
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
    ...holdJobs(s.commerce.holds),
    ...ledgerJobs(s.jobs, {
      expirySweep: { cron: c.EXPIRY_SWEEP_CRON, utcCron: c.EXPIRY_SWEEP_CRON_UTC },
      reminders: { cron: c.REMINDERS_CRON, utcCron: c.REMINDERS_CRON_UTC },
    }),
  ];
}
