// The store API purchases suite (test/contract/purchases.suite.ts) on the WORKER under workerd with local D1:
// signed LINE webhooks and store API calls through SELF, receipts pushed in waitUntil through the real
// @line/bot-sdk client to the stand-in LINE API that checks them against LINE's schema (vitest.config.ts).
// Node runs the same suite in test/e2e/purchases.node.test.ts.
import { env, SELF } from 'cloudflare:test';
import { resetWorkerForTests } from '../../src/main/worker.js';
import { purchasesSuite } from '../contract/purchases.suite.js';
import { freshD1 } from './fresh-d1.js';

purchasesSuite('Workers (workerd + D1)', async () => {
  const db = await freshD1();
  resetWorkerForTests();
  return {
    fetch: (path, init) => SELF.fetch(`https://pointloop.test${path}`, init),
    db,
    channelSecret: env.LINE_CHANNEL_SECRET,
    adminToken: env.ADMIN_TOKEN,
    memberTokenSecret: env.QR_SIGNING_SECRET,
    close: async () => {},
  };
});
