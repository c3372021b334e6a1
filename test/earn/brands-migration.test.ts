// The brands migration on a database that already holds stores, keys and tokens bound to them: the stores move to
// the `default` brand the migration creates, keep their keys, and can be given a brand afterwards.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/db/sqlite.js';
import { sha256 } from '../../src/kernel/crypto.js';
import { stmt } from '../../src/kernel/database.js';
import { chatHarness } from '../support/chat-harness.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

describe('migrations: brands and earn rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-brands-'));
  let db: SqliteDatabase | undefined;
  afterEach(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves existing stores to the default brand, with their keys and tokens, and guards the brand from then on', async () => {
    // The migrations as they were before brands: everything before *_brands_and_earn_rules.
    const old = join(dir, 'migrations');
    cpSync(MIGRATIONS, old, { recursive: true });
    const journalPath = join(old, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
    const cut = journal.entries.find((e) => e.tag.endsWith('_brands_and_earn_rules'))?.idx ?? -1;
    expect(cut).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < cut) }));
    const path = join(dir, 'pointloop.db');
    const before = openSqlite({ path, migrationsFolder: old });
    before.raw
      .prepare("INSERT INTO stores (code, name, created_at) VALUES ('S1', 'Main St', 1), ('S2', 'Harbour', 2)")
      .run();
    before.raw
      .prepare("INSERT INTO store_keys (id, store_code, key_hash, created_at) VALUES ('k1', 'S1', ?, 1)")
      .run(await sha256('plsk_old_key'));
    before.raw
      .prepare(
        `INSERT INTO admin_tokens (id, name, role, token_hash, created_at, created_by, store_code)
         VALUES ('t1', 'till', 'store', 'hash', 1, 'bootstrap', 'S2')`,
      )
      .run();
    before.close();

    db = openSqlite({ path, migrationsFolder: MIGRATIONS });
    expect(
      db.raw.prepare('SELECT code, brand_code, name, name_zh_tw, opens_on FROM stores ORDER BY code').all(),
    ).toEqual([
      { code: 'S1', brand_code: 'default', name: 'Main St', name_zh_tw: null, opens_on: null },
      { code: 'S2', brand_code: 'default', name: 'Harbour', name_zh_tw: null, opens_on: null },
    ]);
    expect(db.raw.prepare('SELECT code, name_en FROM brands').all()).toEqual([
      { code: 'default', name_en: 'Default brand' },
    ]);
    const h = await chatHarness(db);
    expect(await h.services.stores.storeForKey('plsk_old_key')).toEqual({ storeCode: 'S1', storeName: 'Main St' });
    expect((await h.services.directory.store('S2'))?.names).toEqual({ 'zh-TW': 'Harbour', en: 'Harbour' });

    // From now on the database keeps every store in a brand that exists, and a used brand in place.
    expect(await db.batch([stmt("UPDATE stores SET brand_code = 'nope' WHERE code = 'S1'")])).toMatchObject({
      ok: false,
      error: { code: 'brand_not_found' },
    });
    expect(
      await db.batch([stmt("INSERT INTO stores (code, name, created_at, brand_code) VALUES ('S3', 'x', 3, 'nope')")]),
    ).toMatchObject({
      ok: false,
      error: { code: 'brand_not_found' },
    });
    expect(await db.batch([stmt("UPDATE stores SET opens_on = '2026-02-30' WHERE code = 'S1'")])).toMatchObject({
      ok: false,
      error: { code: 'invalid_opens_on' },
    });
    expect(await db.batch([stmt("DELETE FROM brands WHERE code = 'default'")])).toMatchObject({
      ok: false,
      error: { code: 'brand_in_use' },
    });
    const moved = await h.services.directory.defineStore({
      code: 'S1',
      brand: 'cafe',
      names: { 'zh-TW': '總店', en: 'Main' },
      opensOn: '2020-01-01',
    });
    expect(moved).toMatchObject({ ok: true, value: { brand: 'cafe', names: { en: 'Main' } } });
    expect(await h.services.stores.storeForKey('plsk_old_key')).toEqual({ storeCode: 'S1', storeName: '總店' });
  });
});
