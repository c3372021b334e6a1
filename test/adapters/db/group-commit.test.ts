// Group commit on better-sqlite3 (src/db/group-commit.ts): batches asked for in one turn of the event loop share
// ONE transaction, each in its own savepoint. Each stays atomic and is refused alone; they run in the order asked;
// none is answered before the COMMIT; a group that waits for another process's lock commits once it is released.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../../src/db/sqlite.js';
import { stmt } from '../../../src/kernel/database.js';

const put = (key: string, value: string) =>
  stmt('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)', key, value);
const keys = (db: SqliteDatabase) =>
  (db.raw.prepare('SELECT key FROM settings WHERE key LIKE ? ORDER BY rowid').all('g:%') as { key: string }[]).map(
    (r) => r.key,
  );

describe('SQLite group commit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-group-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits concurrent batches in one transaction, in order, and refuses only the batch that broke a guard', async () => {
    const db = openSqlite({ path: join(dir, 'g.db') });
    const before = { ...db.commits };
    const results = await Promise.all([
      db.batch([put('g:1', 'a'), put('g:2', 'a')]),
      // Its second statement breaks the primary key: the whole batch is refused, its first row too.
      db.batch([put('g:3', 'b'), put('g:1', 'b')]),
      db.batch([put('g:4', 'c'), stmt("SELECT value FROM settings WHERE key = 'g:2'")]),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'unique', target: 'settings.key' } });
    // A later batch of the group sees the earlier ones' writes, as consecutive transactions would.
    expect(results[2]).toMatchObject({ ok: true, value: [[], [{ value: 'a' }]] });
    expect(keys(db)).toEqual(['g:1', 'g:2', 'g:4']);
    expect(db.commits?.transactions).toBe((before.transactions ?? 0) + 1);
    expect(db.commits?.batches).toBe((before.batches ?? 0) + 3);
    db.close();
  });

  it('answers no batch before its COMMIT: a second connection sees every answered batch', async () => {
    const path = join(dir, 'g.db');
    const db = openSqlite({ path });
    const reader = new BetterSqlite3(path, { readonly: true });
    const seen = (key: string) => reader.prepare('SELECT 1 AS one FROM settings WHERE key = ?').get(key) !== undefined;
    const answered: boolean[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => db.batch([put(`g:${i}`, 'x')]).then(() => answered.push(seen(`g:${i}`)))),
    );
    expect(answered).toEqual(Array.from({ length: 20 }, () => true));
    expect(db.commits?.transactions).toBeLessThan(20);
    reader.close();
    db.close();
  });

  it('a group that meets another process holding the lock waits asynchronously and then commits', async () => {
    const path = join(dir, 'g.db');
    const db = openSqlite({ path, busyRetryMs: 60_000 });
    const other = new BetterSqlite3(path);
    other.exec('BEGIN IMMEDIATE');
    let settled = 0;
    const all = Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        db.batch([put(`g:${i}`, 'x')]).finally(() => {
          settled++;
        }),
      ),
    );
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(0);
    other.exec('COMMIT');
    const results = await all;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(keys(db)).toEqual(['g:0', 'g:1', 'g:2', 'g:3', 'g:4']);
    other.close();
    db.close();
  });

  it('a close right after a batch was asked for commits it first', async () => {
    const path = join(dir, 'g.db');
    const db = openSqlite({ path });
    const pending = db.batch([put('g:closed', 'x')]);
    db.close();
    expect((await pending).ok).toBe(true);
    const again = openSqlite({ path });
    expect(keys(again)).toEqual(['g:closed']);
    again.close();
  });

  it('can be turned off: then every batch is a transaction of its own', async () => {
    const db = openSqlite({ path: join(dir, 'g.db'), groupCommit: false });
    expect(db.commits).toBeUndefined();
    const results = await Promise.all([db.batch([put('g:1', 'a')]), db.batch([put('g:1', 'b')])]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    db.close();
  });
});
