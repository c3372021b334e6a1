import { applyD1Migrations, env } from 'cloudflare:test';
import { d1Database } from '../../src/db/d1.js';
import type { Database } from '../../src/kernel/database.js';

/**
 * A D1 database with the migrated, empty schema. This pool version keeps D1 storage for the whole test file, so
 * each test drops every table and trigger and applies the migrations again (the ledger's own triggers forbid
 * deleting its rows, rightly, so emptying tables is not an option).
 */
export async function freshD1(): Promise<Database> {
  const objects = await env.DB.prepare(
    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ type: string; name: string }>();
  const drops = [
    ...objects.results.filter((o) => o.type === 'trigger').map((o) => `DROP TRIGGER IF EXISTS "${o.name}"`),
    ...objects.results.filter((o) => o.type === 'table').map((o) => `DROP TABLE IF EXISTS "${o.name}"`),
  ];
  if (drops.length > 0) {
    await env.DB.batch([env.DB.prepare('PRAGMA defer_foreign_keys = on'), ...drops.map((sql) => env.DB.prepare(sql))]);
  }
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  return d1Database(env.DB);
}
