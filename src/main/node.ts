// Composition root for Node: @hono/node-server + better-sqlite3, migrations applied at start, the demo program
// seeded into an empty database, pending inbox events from a crash processed, then the server listens.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { broadcastApi } from '../broadcasts/http.js';
import { createSimulator } from '../channels/simulator/routes.js';
import { openSqlite } from '../db/sqlite.js';
import { adminApi } from '../http/admin-api.js';
import { adminAuthenticator } from '../http/admin-router.js';
import { createHttpApp, type RouteModule } from '../http/app.js';
import { deferOnNode } from '../http/defer.js';
import { createQrSigner, qrRoutes } from '../http/qr.js';
import { systemClock } from '../kernel/clock.js';
import { storeApi } from '../stores/http.js';
import { composeServices } from './compose.js';
import { type AppConfig, ConfigError, parseConfig } from './config.js';
import { seedDemoProgram } from './demo-seed.js';
import { configuredLineChannel } from './line.js';
import { createLogger } from './logger.js';
import { startNodeScheduler } from './scheduler.js';
import { createWhatsAppChannels, type WhatsAppOverrides, whatsappCloudEnabled } from './whatsapp.js';

export interface RunningServer {
  readonly url: string;
  readonly config: AppConfig;
  close(): Promise<void>;
}

export async function startNodeServer(
  env: Record<string, string | undefined> = process.env,
  overrides: WhatsAppOverrides = {},
): Promise<RunningServer> {
  const config = parseConfig(env);
  const log = createLogger(config.LOG_LEVEL);
  const db = openSqlite({
    path: config.DATABASE_PATH,
    migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)),
  });
  const qr = createQrSigner(config.qrSecret, config.publicBaseUrl);
  const line = config.lineEnabled ? configuredLineChannel(config, log) : undefined;
  const simulatorOn = config.SIMULATOR ?? config.NODE_ENV !== 'production';
  const simulator = simulatorOn
    ? createSimulator({ adminToken: config.ADMIN_TOKEN, requireToken: config.NODE_ENV === 'production' })
    : undefined;
  const whatsapp = createWhatsAppChannels(config, db, log, overrides);

  const services = composeServices({
    config,
    db,
    clock: systemClock,
    log,
    qr,
    senders: {
      ...(line && { line: line.sender }),
      ...(simulator && { simulator: simulator.sender }),
      ...whatsapp.senders,
    },
    profiles: {
      ...(line && { line: line.profiles }),
      ...(simulator && { simulator: simulator.profiles }),
      ...whatsapp.profiles,
    },
    ...(line && { lineMulticast: line.multicast }),
  });
  if (config.SEED_DEMO && (await seedDemoProgram(services.ledger, services.engagement, systemClock.now())))
    log.info({}, 'seeded the demo program');

  const authenticate = adminAuthenticator({ adminToken: config.ADMIN_TOKEN, access: services.adminAccess });
  const modules: RouteModule[] = [
    qrRoutes(qr),
    storeApi(services.engagement, {
      authenticate,
      access: services.adminAccess,
    }),
    adminApi({
      adminToken: config.ADMIN_TOKEN,
      ledger: services.ledger,
      engagement: services.engagement,
      access: services.adminAccess,
      modules: [broadcastApi(services.broadcasts, deferOnNode)],
    }),
  ];
  if (line) modules.push(line.routes(services.inbox, deferOnNode));
  if (simulator) modules.push(simulator.routes(services.inbox));
  modules.push(...whatsapp.routes(services.inbox, deferOnNode, authenticate));
  const app = createHttpApp({ log, modules });

  // Events acknowledged before a crash are processed now, before new ones.
  await services.inbox.drain();
  // Broadcasts a crash or a restart interrupted resume now, in the background (the scheduler also does each minute).
  if (config.SCHEDULER)
    void services.broadcasts.runDue().catch((error: unknown) => log.error({ err: error }, 'broadcast resume failed'));
  const stopScheduler = config.SCHEDULER
    ? startNodeScheduler(services.jobs, services.inbox, services.broadcasts, log, {
        timeZone: config.PROGRAM_TIMEZONE,
        expirySweepCron: config.EXPIRY_SWEEP_CRON,
        remindersCron: config.REMINDERS_CRON,
      })
    : () => {};
  whatsapp.start(services.inbox);

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: '0.0.0.0' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://localhost:${port}`;
  return {
    url,
    config,
    close: () =>
      new Promise<void>((resolve) => {
        stopScheduler();
        const stopWhatsApp = whatsapp.stop().catch((error: unknown) => log.error({ err: error }, 'whatsapp stop'));
        server.close(async () => {
          await stopWhatsApp;
          db.close();
          resolve();
        });
      }),
  };
}

/** LINE with the Flex templates of FLEX_TEMPLATES_DIR (a broken template file stops start-up, naming the file). */
const isEntryPoint = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntryPoint) {
  // Settings from ./.env when there is one (copied from .env.example); real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  startNodeServer().then(
    (s) => {
      // Handlers first: until process.on installs one, SIGTERM kills at once (the kernel's default), so a supervisor
      // that stops us right after the "running" line would skip the graceful close.
      const stop = () => void s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      console.log(`pointloop is running on ${s.url}`);
      if (s.config.SIMULATOR ?? s.config.NODE_ENV !== 'production')
        console.log(`Chat with the demo bot: ${s.url}/simulator`);
      if (s.config.lineEnabled) console.log(`LINE webhook: ${s.config.publicBaseUrl}/webhooks/line`);
      if (whatsappCloudEnabled(s.config))
        console.log(`WhatsApp Cloud API webhook: ${s.config.publicBaseUrl}/webhooks/whatsapp`);
      if (s.config.WHATSAPP_WEB) console.log(`WhatsApp Web QR (admin): ${s.config.publicBaseUrl}/admin/whatsapp/qr`);
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(78);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
