// The shared LINE chat suite on Node: the real server on a temporary SQLite file, LINE through the real SDK client
// to the fake LINE API on loopback. The Workers run of the same suite is test/workers/line-chat.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/db/sqlite.js';
import { startNodeServer } from '../../src/main/node.js';
import { lineChatSuite } from '../contract/line-chat.suite.js';
import { startFakeLine } from '../fakes/fake-line-server.js';
import { lineEnv } from '../fakes/line-harness.js';
import { LINE_SECRET } from '../fakes/line-webhook.js';

const ADMIN = 'admin-token-0123456789';

lineChatSuite('Node (better-sqlite3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-chat-'));
  const dbPath = join(dir, 'chat.db');
  const fake = await startFakeLine();
  const server = await startNodeServer({ ...lineEnv(dbPath, fake.url), ADMIN_TOKEN: ADMIN });
  const db = openSqlite({ path: dbPath });
  return {
    fetch: (path, init) => fetch(`${server.url}${path}`, init),
    db,
    channelSecret: LINE_SECRET,
    adminToken: ADMIN,
    async close() {
      db.close();
      await server.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
