import { Hono } from 'hono';
import type { Logger } from '../kernel/logger.js';
import { bodyLimit, bodyLimitFor } from './body-limit.js';

/** Routes a channel or feature contributes; each lives in its own module and is mounted here. */
export type RouteModule = (app: Hono) => void;

/**
 * The one Hono app for Node and Workers. Errors are translated once, here: expected failures are answered by
 * the routes with a 4xx and a stable code; anything that escapes is a fault, logged with its cause and answered
 * with a bare 500 (never a stack trace). Every body is read within its route's limit before any route sees it
 * (./body-limit.ts: 1 MB for the webhooks and the simulator, 64 KB for the rest; over it: 413 payload_too_large).
 */
export function createHttpApp(options: {
  log: Logger;
  modules: readonly RouteModule[];
  /** The body limit of a path in bytes; bodyLimitFor by default. */
  bodyLimitFor?: (path: string) => number;
}): Hono {
  const app = new Hono();
  app.use('*', bodyLimit(options.bodyLimitFor ?? bodyLimitFor));
  app.get('/health', (c) => c.json({ ok: true }));
  for (const mount of options.modules) mount(app);
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((error, c) => {
    options.log.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal' }, 500);
  });
  return app;
}
