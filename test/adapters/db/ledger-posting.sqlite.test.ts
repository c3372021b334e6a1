import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../../src/db/sqlite.js';
import {
  ledgerPostingContract,
  lotTotalMigrationContract,
  UNIT_COLUMNS,
} from '../../contract/ledger-posting.contract.js';

ledgerPostingContract('better-sqlite3', async () => openSqlite({ path: ':memory:' }));

const work = mkdtempSync(join(tmpdir(), 'pointloop-lot-totals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

lotTotalMigrationContract('better-sqlite3', async () => {
  // migrations/ as it was before the lot totals: the same files, the journal cut before *_ledger_lot_totals.
  const partial = join(work, 'migrations');
  cpSync('migrations', partial, { recursive: true });
  const journalPath = join(partial, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_ledger_lot_totals'));
  if (cut < 1) throw new Error('no *_ledger_lot_totals migration in migrations/meta/_journal.json');
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  const path = join(work, 'ledger.db');
  let before: SqliteDatabase | undefined = openSqlite({ path, migrationsFolder: partial });
  // Today's code writes the point types' unit words (a later migration): give the old schema those columns for the
  // fixture, and take them away again so the full migration adds them to rows already there.
  for (const sql of UNIT_COLUMNS.add) before.raw.exec(sql);
  return {
    before,
    after: async () => {
      for (const sql of UNIT_COLUMNS.drop) before?.raw.exec(sql);
      before?.close();
      before = undefined;
      const db = openSqlite({ path, migrationsFolder: 'migrations' });
      afterAll(() => db.close());
      return db;
    },
  };
});
