// The shared HTTP fuzz suite on Node: the real server on a temporary SQLite file with LINE (fake LINE API), the
// WhatsApp Cloud API (fake Graph) and the simulator on. The Workers run is test/workers/http-fuzz.test.ts.
import { openSqlite } from '../../src/db/sqlite.js';
import { startNodeServer } from '../../src/main/node.js';
import { httpFuzzSuite } from '../contract/http-fuzz.suite.js';
import { startFakeGraph } from '../fakes/fake-graph-server.js';
import { startFakeLine } from '../fakes/fake-line-server.js';
import { LINE_ACCESS_TOKEN, LINE_SECRET } from '../fakes/line-webhook.js';
import { baseEnv, CLOUD, tempDb } from './whatsapp-support.js';

const ADMIN = 'admin-token-0123456789';

httpFuzzSuite('Node (better-sqlite3)', 1500, async () => {
  const temp = tempDb();
  const line = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN });
  const graph = await startFakeGraph();
  const server = await startNodeServer({
    ...baseEnv(temp.dbPath),
    ADMIN_TOKEN: ADMIN,
    SIMULATOR: 'true',
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: LINE_ACCESS_TOKEN,
    LINE_API_BASE_URL: line.url,
    WHATSAPP_CLOUD_ACCESS_TOKEN: CLOUD.accessToken,
    WHATSAPP_CLOUD_APP_SECRET: CLOUD.appSecret,
    WHATSAPP_CLOUD_VERIFY_TOKEN: CLOUD.verifyToken,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: CLOUD.phoneNumberId,
    WHATSAPP_GRAPH_BASE_URL: graph.url,
  });
  const db = openSqlite({ path: temp.dbPath });
  return {
    fetch: (path, init) => fetch(`${server.url}${path}`, init),
    db,
    channelSecret: LINE_SECRET,
    adminToken: ADMIN,
    cloudAppSecret: CLOUD.appSecret,
    async close() {
      db.close();
      await server.close();
      await line.close();
      await graph.close();
      temp.cleanup();
    },
  };
});
