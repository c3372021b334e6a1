// What one chat turn costs the database, for the common commands: on D1 each query is a round trip that runs
// alone, so a turn is held to at most 12 reads and exactly one batch (its writes, its inbox mark, its replies).
import { describe, expect, it } from 'vitest';
import { COMMON_TURNS, measureTurnCosts } from '../support/turn-cost.js';

const MAX_READS_PER_TURN = 12;

describe('the cost of one chat turn', () => {
  it(`keeps ${COMMON_TURNS.join(', ')} within ${MAX_READS_PER_TURN} reads and one batch each`, async () => {
    const costs = await measureTurnCosts();
    expect(costs.map((c) => c.command)).toEqual(COMMON_TURNS);
    for (const c of costs) {
      const seen = {
        command: c.command,
        status: c.status,
        batches: c.batches,
        withinReads: c.reads <= MAX_READS_PER_TURN,
      };
      expect(seen).toEqual({ command: c.command, status: 'done', batches: 1, withinReads: true });
    }
  });
});
