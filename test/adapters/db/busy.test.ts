// Another connection holding SQLite's write lock: a batch waits at most busy_timeout (100 ms) synchronously per try,
// then keeps trying asynchronously (the event loop serves meanwhile), and after DATABASE_BUSY_RETRY_MS it is a
// transient DatabaseFault, which the inbox retries later instead of dropping the event.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseFault, isTransientDatabaseError } from '../../../src/db/errors.js';
import { openSqlite } from '../../../src/db/sqlite.js';
import { isTransientFault, stmt } from '../../../src/kernel/database.js';

describe('SQLite busy: short synchronous waits, asynchronous retries', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-busy-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = stmt("INSERT INTO settings (key, value, updated_at) VALUES ('busy', '1', 0)");

  it('waits for a lock asynchronously and commits once it is released', async () => {
    const path = join(dir, 'busy.db');
    const db = openSqlite({ path });
    expect(db.raw.pragma('busy_timeout', { simple: true })).toBe(100);
    const other = new BetterSqlite3(path);
    other.exec('BEGIN IMMEDIATE');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let settled = false;
    const batch = db.batch([insert]).finally(() => {
      settled = true;
    });
    // The event loop runs while the batch waits: a synchronous busy wait would have settled it by now.
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    other.exec('COMMIT');
    expect((await batch).ok).toBe(true);
    delay.disable();
    console.log(
      `[busy] longest event-loop stall while another connection held the lock: ${Math.round(delay.max / 1e6)} ms`,
    );
    expect(await db.first("SELECT value FROM settings WHERE key = 'busy'")).toEqual({ value: '1' });
    other.close();
    db.close();
  });

  it('gives up after busyRetryMs with a transient DatabaseFault that keeps its cause', async () => {
    const path = join(dir, 'locked.db');
    const db = openSqlite({ path, busyRetryMs: 300 });
    const other = new BetterSqlite3(path);
    other.exec('BEGIN IMMEDIATE');
    const error = await db.batch([insert]).then(
      () => undefined,
      (e: unknown) => e,
    );
    other.exec('ROLLBACK');
    expect(error).toBeInstanceOf(DatabaseFault);
    expect(isTransientFault(error)).toBe(true);
    expect(((error as DatabaseFault).cause as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
    // A refusal by a guard is still a value, and a bug in SQL is not transient.
    expect(isTransientFault(await db.batch([stmt('INSERT INTO nowhere VALUES (1)')]).catch((e: unknown) => e))).toBe(
      false,
    );
    other.close();
    db.close();
  });

  it("tells a driver's 'not now' (busy, locked, I/O, D1's lost connection) from a fault of the work", () => {
    const transient = [
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }),
      new Error('D1_ERROR: Network connection lost.'),
      new Error('D1 DB is overloaded. Requests queued for too long.'),
      new Error('D1_ERROR: SQLITE_BUSY: database is locked'),
    ];
    const faults = [
      new Error('D1_ERROR: no such table: nowhere: SQLITE_ERROR'),
      Object.assign(new Error('UNIQUE constraint failed: x.y'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
      new Error('turn batch refused: unique members.id'),
    ];
    expect(transient.map(isTransientDatabaseError)).toEqual(transient.map(() => true));
    expect(faults.map(isTransientDatabaseError)).toEqual(faults.map(() => false));
    expect(
      isTransientFault(new Error('outer', { cause: new DatabaseFault('d1 batch failed', { cause: transient[2] }) })),
    ).toBe(true);
  });
});
