// The shared LINE chat suite (test/contract/line-chat.suite.ts) on the WORKER under workerd with local D1: signed
// LINE webhooks through SELF, processing in waitUntil, the ledger on D1, replies through the real @line/bot-sdk
// client to a stand-in LINE API that checks every message against LINE's schema and limits (the pool's
// outboundService, see vitest.config.ts). Node runs the same suite in
// test/e2e/line-chat.node.test.ts.
import { env, SELF } from 'cloudflare:test';
import { resetWorkerForTests } from '../../src/main/worker.js';
import { lineChatSuite } from '../contract/line-chat.suite.js';
import { freshD1 } from './fresh-d1.js';

lineChatSuite('Workers (workerd + D1)', async () => {
  const db = await freshD1();
  resetWorkerForTests();
  return {
    fetch: (path, init) => SELF.fetch(`https://pointloop.test${path}`, init),
    db,
    channelSecret: env.LINE_CHANNEL_SECRET,
    adminToken: env.ADMIN_TOKEN,
    close: async () => {},
  };
});
