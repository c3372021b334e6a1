// Measures what one chat turn costs the database (ChatService.handle alone, not the inbox around it): reads,
// batches and statements, for a member of the demo programme. Shared by test/app/turn-cost.test.ts and the bench.
import { openSqlite } from '../../src/db/sqlite.js';
import type { InboundEvent } from '../../src/kernel/channel.js';
import { chatHarness } from './chat-harness.js';
import { CountingDatabase } from './counting-db.js';

export interface TurnCost {
  readonly command: string;
  readonly status: string;
  readonly reads: number;
  readonly batches: number;
  readonly statements: number;
  readonly sql: readonly string[];
}

/** The common commands, in an order where each can succeed (redeem latte, then agree, redeems it). */
export const COMMON_TURNS = [
  'points',
  'check in',
  'claim DEMO',
  'redeem latte',
  'agree',
  'history',
  'card',
  'expiring',
];

export async function measureTurnCosts(commands: readonly string[] = COMMON_TURNS): Promise<TurnCost[]> {
  const db = new CountingDatabase(openSqlite({ path: ':memory:' }));
  const h = await chatHarness(db, { DEFAULT_LANGUAGE: 'en' });
  for (const say of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await h.say('u1', say);
  const costs: TurnCost[] = [];
  for (const [i, text] of commands.entries()) {
    const event: InboundEvent = {
      channel: 'simulator',
      userId: 'u1',
      eventId: `cost-${i}`,
      occurredAt: h.clock.now(),
      type: 'text',
      text,
    };
    await h.services.inbox.accept([event]);
    const row = await db.first<{ id: number }>(
      "SELECT id FROM inbox_events WHERE channel = 'simulator' AND event_id = ?",
      [event.eventId],
    );
    if (!row) throw new Error('the event was not stored');
    db.reset();
    const outcome = await h.services.chat.handle({ id: row.id, event });
    costs.push({
      command: text,
      status: outcome.status,
      reads: db.reads,
      batches: db.batches,
      statements: db.statements,
      sql: [...db.sql],
    });
    await h.services.inbox.drain();
  }
  return costs;
}
