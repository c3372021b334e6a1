// Reads and statements per chat turn for the common commands (what a D1 deployment pays per message):
//
//   npx tsx bench/turn-cost.ts
//
// Also printed at the end of bench/webhook.ts.
import { measureTurnCosts } from '../test/support/turn-cost.js';
import { printTable } from './support.js';

export async function printTurnCosts(): Promise<void> {
  const costs = await measureTurnCosts();
  console.log('\nDatabase work per chat turn (ChatService.handle; on D1 each read is one query):');
  printTable([
    ['command', 'reads', 'batches', 'statements in the batch'],
    ...costs.map((c) => [c.command, String(c.reads), String(c.batches), String(c.statements)]),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await printTurnCosts();
