// The store API purchases suite on Node: the real server on a temporary SQLite file, LINE through the real SDK
// client to the fake LINE API on loopback (receipts are checked as the fake received them, too). The Workers run of
// the same suite is test/workers/purchases.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/db/sqlite.js';
import { startNodeServer } from '../../src/main/node.js';
import { purchasesSuite } from '../contract/purchases.suite.js';
import { startFakeLine } from '../fakes/fake-line-server.js';
import { lineEnv } from '../fakes/line-harness.js';
import { LINE_SECRET } from '../fakes/line-webhook.js';

const ADMIN = 'admin-token-0123456789';

purchasesSuite('Node (better-sqlite3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-purchases-'));
  const dbPath = join(dir, 'purchases.db');
  const fake = await startFakeLine();
  const server = await startNodeServer({ ...lineEnv(dbPath, fake.url), ADMIN_TOKEN: ADMIN });
  const db = openSqlite({ path: dbPath });
  return {
    fetch: (path, init) => fetch(`${server.url}${path}`, init),
    db,
    channelSecret: LINE_SECRET,
    adminToken: ADMIN,
    memberTokenSecret: server.config.memberTokenSecret,
    pushedTexts: (userId) =>
      fake
        .deliveredTo(userId)
        .filter((d) => d.via === 'push')
        .map((d) => d.messages.map((m) => String(m.text ?? m.altText)).join('\n')),
    pushedMessages: (userId) =>
      fake
        .deliveredTo(userId)
        .filter((d) => d.via === 'push')
        .flatMap((d) => d.messages as unknown as Record<string, unknown>[]),
    async close() {
      db.close();
      await server.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
