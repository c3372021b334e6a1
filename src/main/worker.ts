// Composition root for Cloudflare Workers: the same Hono app and services on D1. Webhooks acknowledge once the
// event is in the D1 inbox and process it in waitUntil; cron triggers run the scheduled jobs and pick up inbox
// events an isolate left unprocessed. whatsapp-web.js and the simulator are Node-only and are not imported here.

import { bundledRichMenus } from '../channels/line/rich-menu/bundled.js';
import { d1Database } from '../db/d1.js';
import { createHttpApp } from '../http/app.js';
import { deferOnWorkers } from '../http/defer.js';
import { type Job, jobsOnTrigger } from '../kernel/job.js';
import { compose } from './compose.js';
import { parseConfig } from './config.js';
import { consoleLogger } from './console-logger.js';

/** The D1 binding, plus vars and secrets (strings) read through parseConfig. */
export interface Env {
  readonly DB: D1Database;
}

interface Built {
  readonly app: ReturnType<typeof createHttpApp>;
  readonly jobs: readonly Job[];
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
  const { routes, jobs } = await compose({
    config,
    db: d1Database(env.DB),
    log,
    defer: deferOnWorkers,
    richMenus: bundledRichMenus,
  });
  return { app: createHttpApp({ log, modules: routes }), jobs };
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

  /** The jobs of the trigger that fired (EXPIRY_SWEEP_CRON_UTC, REMINDERS_CRON_UTC) and the every-minute ones. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const { jobs } = await instance(env);
    const work = (async () => {
      for (const job of jobsOnTrigger(jobs, controller.cron)) await job.run();
    })();
    ctx.waitUntil(work);
    await work;
  },
} satisfies ExportedHandler<Env>;

/** For tests: forget the composed app (a new env, a new isolate). */
export function resetWorkerForTests(): void {
  built = undefined;
}
