import { Hono } from 'hono';
import type { Logger } from '../kernel/logger.js';

/** Routes a channel or feature contributes; each lives in its own module and is mounted here. */
export type RouteModule = (app: Hono) => void;

/**
 * The one Hono app for Node and Workers. Errors are translated once, here: expected failures are answered by
 * the routes with a 4xx and a stable code; anything that escapes is a fault, logged with its cause and answered
 * with a bare 500 (never a stack trace).
 */
export function createHttpApp(options: { log: Logger; modules: readonly RouteModule[] }): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ ok: true }));
  for (const mount of options.modules) mount(app);
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((error, c) => {
    options.log.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal' }, 500);
  });
  return app;
}
