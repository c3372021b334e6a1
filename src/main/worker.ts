// Composition root for Cloudflare Workers: the same Hono app and services on D1. Webhooks acknowledge once the
// event is in the D1 inbox and process it in waitUntil; cron triggers run the scheduled jobs and pick up inbox
// events an isolate left unprocessed. whatsapp-web.js and the simulator are Node-only and are not imported here.

import { broadcastApi } from '../broadcasts/http.js';
import { createLineChannel } from '../channels/line/channel.js';
import { sqlOfferStore } from '../channels/whatsapp/offers.js';
import { createWhatsAppCloudChannel } from '../channels/whatsapp-cloud/channel.js';
import { d1Database } from '../db/d1.js';
import { adminApi } from '../http/admin-api.js';
import { adminAuthenticator } from '../http/admin-router.js';
import { createHttpApp, type RouteModule } from '../http/app.js';
import { deferOnWorkers } from '../http/defer.js';
import { createQrSigner, qrRoutes } from '../http/qr.js';
import { systemClock } from '../kernel/clock.js';
import { storeApi } from '../stores/http.js';
import { composeServices, type Services } from './compose.js';
import { parseConfig, whatsappCloudEnabled } from './config.js';
import { consoleLogger } from './console-logger.js';
import { seedDemoProgram } from './demo-seed.js';

/** The D1 binding, plus vars and secrets (strings) read through parseConfig. */
export interface Env {
  readonly DB: D1Database;
}

interface Built {
  readonly services: Services;
  readonly app: ReturnType<typeof createHttpApp>;
}

// One composition per isolate (env is fixed for an isolate's life); the first request pays for it.
let built: Promise<Built> | undefined;

function stringVars(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env as object)) if (typeof v === 'string') out[k] = v;
  return out;
}

async function build(env: Env): Promise<Built> {
  // Workers have no local disk and no simulator; the scheduler is the cron trigger.
  const config = parseConfig({ ...stringVars(env), SIMULATOR: 'off', SCHEDULER: 'off' });
  const log = consoleLogger(config.LOG_LEVEL);
  const db = d1Database(env.DB);
  const qr = createQrSigner(config.qrSecret, config.publicBaseUrl);
  const line = config.lineEnabled
    ? createLineChannel({
        channelSecret: config.LINE_CHANNEL_SECRET ?? '',
        channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN ?? '',
        apiBaseUrl: config.LINE_API_BASE_URL,
        dataApiBaseUrl: config.LINE_DATA_API_BASE_URL,
        log,
      })
    : undefined;
  // The Cloud API works on Workers (fetch + Web Crypto); whatsapp-web.js needs Chromium and stays on Node.
  const cloud = whatsappCloudEnabled(config)
    ? createWhatsAppCloudChannel({
        accessToken: config.WHATSAPP_CLOUD_ACCESS_TOKEN ?? '',
        appSecret: config.WHATSAPP_CLOUD_APP_SECRET ?? '',
        verifyToken: config.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
        phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
        graphBaseUrl: config.WHATSAPP_GRAPH_BASE_URL,
        db,
        log,
        offers: sqlOfferStore(db),
      })
    : undefined;
  const services = composeServices({
    config,
    db,
    clock: systemClock,
    log,
    qr,
    senders: { ...(line && { line: line.sender }), ...(cloud && { wa_cloud: cloud.sender }) },
    profiles: { ...(line && { line: line.profiles }), ...(cloud && { wa_cloud: cloud.profiles }) },
    ...(line && { lineMulticast: line.multicast }),
  });
  if (config.SEED_DEMO) await seedDemoProgram(services.ledger, services.engagement, systemClock.now());
  const modules: RouteModule[] = [
    qrRoutes(qr),
    storeApi(services.engagement, {
      authenticate: adminAuthenticator({ adminToken: config.ADMIN_TOKEN, access: services.adminAccess }),
      access: services.adminAccess,
    }),
    adminApi({
      adminToken: config.ADMIN_TOKEN,
      ledger: services.ledger,
      engagement: services.engagement,
      access: services.adminAccess,
      modules: [broadcastApi(services.broadcasts, deferOnWorkers)],
    }),
  ];
  if (line) modules.push(line.routes(services.inbox, deferOnWorkers));
  if (cloud) modules.push(cloud.routes(services.inbox, deferOnWorkers));
  return { services, app: createHttpApp({ log, modules }) };
}

function instance(env: Env): Promise<Built> {
  built ??= build(env).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { app } = await instance(env);
    return app.fetch(request, env, ctx);
  },

  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const { services } = await instance(env);
    const work = (async () => {
      // Every trigger also finishes inbox events and replies an isolate left behind.
      await services.inbox.drain();
      // Due and unfinished broadcasts (each step idempotent: a trigger that overlaps another just resumes).
      await services.broadcasts.runDue();
      const vars = stringVars(env);
      if (controller.cron === (vars.EXPIRY_SWEEP_CRON_UTC ?? '10 16 * * *')) await services.jobs.expirySweep();
      if (controller.cron === (vars.REMINDERS_CRON_UTC ?? '0 4 * * *')) await services.jobs.expiryReminders();
    })();
    ctx.waitUntil(work);
    await work;
  },
} satisfies ExportedHandler<Env>;

/** For tests: forget the composed app (a new env, a new isolate). */
export function resetWorkerForTests(): void {
  built = undefined;
}
