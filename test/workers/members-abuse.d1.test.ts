// Issue 12, items 7 and 10 on D1 under workerd, through the members store (the LINE chat suite, line-chat.test.ts,
// runs the same rules end to end through the worker's fetch): the migration on a database that already holds
// duplicate phone numbers, and the members guards contract (the same as on better-sqlite3).
import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { d1Database } from '../../src/db/d1.js';
import type { Database } from '../../src/kernel/database.js';
import { sqlChatStore } from '../../src/members/index.js';
import { membersGuardsContract, newMember } from '../contract/members-guards.contract.js';
import { freshD1 } from './fresh-d1.js';

/** Every table and trigger dropped, then the migrations before the one that makes phone numbers unique. */
async function migratedBeforePhoneIndex(): Promise<{ db: Database; rest: () => Promise<void> }> {
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
  const all = env.TEST_MIGRATIONS;
  const at = all.findIndex((m) => m.name.includes('_members_abuse'));
  expect(at).toBeGreaterThan(0);
  await applyD1Migrations(env.DB, all.slice(0, at));
  return { db: d1Database(env.DB), rest: () => applyD1Migrations(env.DB, all) };
}

let codes = 2_000_000_000;

describe('one member per phone number on D1', () => {
  it('migrates a database that already has duplicates: the earliest keeps the number, the others are marked', async () => {
    const { db, rest } = await migratedBeforePhoneIndex();
    const insert = (id: string, phone: string, at: number) =>
      env.DB.prepare(
        `INSERT INTO members (id, member_code, name, phone_e164, language, consent_version, consent_at, registered_at,
           registered_local_date) VALUES (?, ?, 'M', ?, 'en', 't', 0, ?, '2026-01-01')`,
      ).bind(id, String(++codes), phone, at);
    await env.DB.batch([
      insert('m-late', '+886912345678', 30),
      insert('m-first', '+886912345678', 10),
      insert('m-other', '+886922345678', 20),
    ]);
    await rest();
    expect(await db.all('SELECT id, phone_duplicate_of FROM members ORDER BY id')).toEqual([
      { id: 'm-first', phone_duplicate_of: null },
      { id: 'm-late', phone_duplicate_of: 'm-first' },
      { id: 'm-other', phone_duplicate_of: null },
    ]);
    const chat = sqlChatStore(db);
    const again = await db.batch([chat.insertMember(newMember('m-new', '+886912345678'))]);
    expect(again.ok ? 'committed' : chat.isPhoneTaken(again.error)).toBe(true);
  });
});

membersGuardsContract('D1 (workerd)', freshD1);
