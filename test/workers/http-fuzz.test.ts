// The shared HTTP fuzz suite (test/contract/http-fuzz.suite.ts) on the WORKER under workerd with local D1. Requests
// go to the worker's fetch handler with an execution context whose waitUntil work (webhook processing) is awaited
// after each answer: SELF.fetch costs more with every call made through it in one test (the pool's harness, not the
// worker: measured 3 ms -> 300 ms a /health after 600 calls), too slow for a fuzz run. The Node run is
// test/e2e/http-fuzz.node.test.ts.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker, { type Env, resetWorkerForTests } from '../../src/main/worker.js';
import { httpFuzzSuite } from '../contract/http-fuzz.suite.js';
import { freshD1 } from './fresh-d1.js';

httpFuzzSuite('Workers (workerd + D1)', 1500, async () => {
  const db = await freshD1();
  resetWorkerForTests();
  return {
    async fetch(path, init) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`https://pointloop.test${path}`, init), env as unknown as Env, ctx);
      const body = await res.arrayBuffer();
      await waitOnExecutionContext(ctx);
      return new Response(body, { status: res.status, headers: res.headers });
    },
    db,
    channelSecret: env.LINE_CHANNEL_SECRET,
    adminToken: env.ADMIN_TOKEN,
    close: async () => {},
  };
});
