import type { Context } from 'hono';

/**
 * Work that continues after the response (processing right after a webhook's ack). On Workers the promise must
 * be handed to executionCtx.waitUntil or the isolate may stop; on Node it simply runs on.
 */
export type Defer = (c: Context, work: Promise<unknown>) => void;

export const deferOnNode: Defer = (_c, work) => {
  void work.catch(() => {});
};

export const deferOnWorkers: Defer = (c, work) => {
  c.executionCtx.waitUntil(work);
};
