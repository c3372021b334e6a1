// A child process that holds SQLite's write lock on a file on cue, for test/e2e/pipeline-faults.test.ts (another
// process than the server, as a CLI or a second server would be). Opens <db>, prints `ready`; then on stdin:
//   lock     BEGIN IMMEDIATE (the write lock), prints `locked`
//   release  COMMIT, prints `released` and exits
// Run with `node --import tsx test/support/lock-holder.ts <db>`.
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';

const path = process.argv[2];
if (!path) throw new Error('usage: lock-holder.ts <db>');
const db = new BetterSqlite3(path);
db.pragma('busy_timeout = 5000');
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  const command = line.trim();
  if (command === 'lock') {
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\n');
  } else if (command === 'release') {
    db.exec('COMMIT');
    process.stdout.write('released\n');
    break;
  }
}
lines.close();
db.close();
