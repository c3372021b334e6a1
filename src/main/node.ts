// Composition root for Node: @hono/node-server + better-sqlite3, migrations applied at start, the demo program
// seeded into an empty database; the server listens, then processes what a crash left and delivers in the background.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { RichMenus } from '../channels/line/rich-menu/index.js';
import { openSqlite } from '../db/sqlite.js';
import { createHttpApp } from '../http/app.js';
import { deferOnNode } from '../http/defer.js';
import { isLoopbackAddress } from '../http/loopback.js';
import { compose } from './compose.js';
import { type AppConfig, ConfigError, parseConfig, whatsappCloudEnabled } from './config.js';
import { flexFromTemplatesDir } from './line.js';
import { createLogger } from './logger.js';
import { createNodeChannels, simulatorOn, type WhatsAppOverrides } from './node-channels.js';
import { loadRichMenus } from './rich-menus.js';
import { startNodeScheduler } from './scheduler.js';

export interface RunningServer {
  readonly url: string;
  readonly config: AppConfig;
  /** The demo store's key, when this start seeded the demo outside production (shown once). */
  readonly demoStoreKey?: string;
  /** LINE rich menus (LINE on): tests and the CLI sync and drain them on demand. */
  readonly richMenus?: RichMenus;
  close(): Promise<void>;
}

export async function startNodeServer(
  env: Record<string, string | undefined> = process.env,
  overrides: WhatsAppOverrides = {},
): Promise<RunningServer> {
  const config = parseConfig(env);
  const log = createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT, nodeEnv: config.NODE_ENV });
  const db = openSqlite({
    path: config.DATABASE_PATH,
    migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)),
    busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS,
    busyRetryMs: config.DATABASE_BUSY_RETRY_MS,
  });
  const nodeChannels = createNodeChannels(config, db, log, overrides);
  const { services, routes, jobs, demoStoreKey } = await compose({
    config,
    db,
    log,
    defer: deferOnNode,
    channels: { lineRenderer: flexFromTemplatesDir(config, log), extra: nodeChannels.extra },
    richMenus: () => loadRichMenus(config.FLEX_TEMPLATES_DIR),
  });
  const app = createHttpApp({ log, modules: routes });

  // Listen first, whatever the backlog: while we refuse connections LINE does not redeliver.
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    // HOST, else 127.0.0.1 outside production and 0.0.0.0 in production (config.ts).
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.host }, () => resolve(s));
  });
  // Then, in the background: events acknowledged before a crash (each member's in order), replies a crash left in
  // flight, and the loops that process and deliver from now on, each retrying when due.
  void services.inbox.start().catch((error: unknown) => log.error({ err: error }, 'inbox start failed'));
  // Broadcasts a crash or a restart interrupted resume now, in the background (the scheduler also does each minute).
  if (config.SCHEDULER)
    void services.broadcasts.runDue().catch((error: unknown) => log.error({ err: error }, 'broadcast resume failed'));
  // LINE rich menus: created (once per content), default set and bulk-linked in the background.
  if (config.SCHEDULER)
    void services.richMenus?.sync().catch((error: unknown) => log.error({ err: error }, 'rich menu sync failed'));
  const stopScheduler = config.SCHEDULER ? startNodeScheduler(jobs, log, config.PROGRAM_TIMEZONE) : () => {};
  nodeChannels.start(services.inbox);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${urlHost(config.host)}:${port}`;
  return {
    url,
    config,
    ...(demoStoreKey && { demoStoreKey }),
    ...(services.richMenus && { richMenus: services.richMenus }),
    close: () =>
      new Promise<void>((resolve) => {
        stopScheduler();
        const stopWhatsApp = nodeChannels.stop().catch((error: unknown) => log.error({ err: error }, 'whatsapp stop'));
        // What is due is finished within a grace period; the rest is picked up at the next start.
        const stopInbox = services.inbox.stop().catch((error: unknown) => log.error({ err: error }, 'inbox stop'));
        server.close(async () => {
          await stopWhatsApp;
          await stopInbox;
          db.close();
          resolve();
        });
      }),
  };
}

/** localhost for 127.0.0.1 and the wildcards (0.0.0.0, ::), else the address the server listens on. */
function urlHost(host: string): string {
  if (['localhost', '127.0.0.1', '0.0.0.0', '::'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

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
      console.log(`pointloop is running on ${s.url} (listening on ${s.config.host})`);
      if (simulatorOn(s.config)) console.log(`Chat with the demo bot: ${s.url}/simulator`);
      if (s.demoStoreKey) console.log(`Store API key of the demo store xinyi (shown once, keep it): ${s.demoStoreKey}`);
      if (simulatorOn(s.config) && !isLoopbackAddress(s.config.host))
        console.warn(
          `Warning: the simulator is reachable from beyond this machine (HOST=${s.config.host}); its members are real ` +
            'members who can claim real rewards. Use HOST=127.0.0.1 or SIMULATOR=off unless that is what you want.',
        );
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
