import { applyD1Migrations, env } from 'cloudflare:test';
import { d1Database } from '../../src/db/d1.js';
import { ledgerPostingContract, lotTotalMigrationContract, UNIT_COLUMNS } from '../contract/ledger-posting.contract.js';
import { freshD1 } from './fresh-d1.js';

ledgerPostingContract('D1 (workerd)', freshD1);

lotTotalMigrationContract('D1 (workerd)', async () => {
  await freshD1(); // then drop it again, down to the migrations before the lot totals
  const objects = await env.DB.prepare(
    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ type: string; name: string }>();
  await env.DB.batch([
    env.DB.prepare('PRAGMA defer_foreign_keys = on'),
    ...objects.results
      .sort((a, b) => (a.type === b.type ? 0 : a.type === 'trigger' ? -1 : 1))
      .map((o) => env.DB.prepare(`DROP ${o.type === 'trigger' ? 'TRIGGER' : 'TABLE'} IF EXISTS "${o.name}"`)),
  ]);
  const cut = env.TEST_MIGRATIONS.findIndex((m) => m.name.endsWith('_ledger_lot_totals.sql'));
  if (cut < 1) throw new Error('no *_ledger_lot_totals migration');
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.slice(0, cut));
  // The unit words today's code writes, there for the fixture and gone before the full migration (see the contract).
  await env.DB.batch(UNIT_COLUMNS.add.map((sql) => env.DB.prepare(sql)));
  return {
    before: d1Database(env.DB),
    after: async () => {
      await env.DB.batch(UNIT_COLUMNS.drop.map((sql) => env.DB.prepare(sql)));
      await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
      return d1Database(env.DB);
    },
  };
});
