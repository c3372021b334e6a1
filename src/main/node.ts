// Composition root for Node: @hono/node-server + better-sqlite3, migrations applied at start, the demo program
// seeded into an empty database, pending inbox events from a crash processed, then the server listens.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { openSqlite } from '../db/sqlite.js';
import { createHttpApp } from '../http/app.js';
import { deferOnNode } from '../http/defer.js';
import { compose } from './compose.js';
import { type AppConfig, ConfigError, parseConfig, whatsappCloudEnabled } from './config.js';
import { flexFromTemplatesDir } from './line.js';
import { createLogger } from './logger.js';
import { createNodeChannels, simulatorOn, type WhatsAppOverrides } from './node-channels.js';
import { startNodeScheduler } from './scheduler.js';

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
  const nodeChannels = createNodeChannels(config, db, log, overrides);
  const { services, routes, jobs } = await compose({
    config,
    db,
    log,
    defer: deferOnNode,
    channels: { lineRenderer: flexFromTemplatesDir(config, log), extra: nodeChannels.extra },
  });
  const app = createHttpApp({ log, modules: routes });

  // Events acknowledged before a crash are processed now, before new ones.
  await services.inbox.drain();
  // Broadcasts a crash or a restart interrupted resume now, in the background (the scheduler also does each minute).
  if (config.SCHEDULER)
    void services.broadcasts.runDue().catch((error: unknown) => log.error({ err: error }, 'broadcast resume failed'));
  const stopScheduler = config.SCHEDULER ? startNodeScheduler(jobs, log, config.PROGRAM_TIMEZONE) : () => {};
  nodeChannels.start(services.inbox);

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
        const stopWhatsApp = nodeChannels.stop().catch((error: unknown) => log.error({ err: error }, 'whatsapp stop'));
        server.close(async () => {
          await stopWhatsApp;
          db.close();
          resolve();
        });
      }),
  };
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
      console.log(`pointloop is running on ${s.url}`);
      if (simulatorOn(s.config)) console.log(`Chat with the demo bot: ${s.url}/simulator`);
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
