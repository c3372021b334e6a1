// How many LINE replies a kill -9 under load delivers twice (issue 12, item 5). LINE's reply endpoint takes no retry
// key, so a reply that went out just before the kill, not yet recorded as sent, is pushed again after the restart;
// every other row is delivered exactly once. Usage:
//   npx tsx bench/crash-duplicates.ts [members=100] [messagesEach=6] [killAfterAcks=300] [lineDelayMs=50]
import { crashAndCount, describeCrash } from '../test/support/crash-rig.js';
import { printTable, progress } from './support.js';

const [members = 100, messagesEach = 6, killAfterAcks = 300, lineDelayMs = 50] = process.argv.slice(2).map(Number);
progress(`kill -9 after ${killAfterAcks} acks of ${members} members x ${messagesEach} messages`);
const r = await crashAndCount({ members, messagesEach, killAfterAcks, lineDelayMs });
console.log(describeCrash(r));
printTable([
  ['acked', 'replies', 'in flight at kill', 'delivered twice', 'lost', 'unprocessed'],
  [r.acked, r.replies, r.inDoubt.length, r.duplicates.length, r.missing.length, r.unprocessed].map(String),
]);
