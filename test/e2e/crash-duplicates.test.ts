// kill -9 under load (issue 12, item 5): LINE replies stay at-least-once (the reply endpoint takes no retry key), so
// a reply sent just before the kill may arrive twice. This prints how many did, and checks that every duplicate is a
// row whose attempt was recorded as in flight at the kill, that nothing was lost and every event was processed.
// bench/crash-duplicates.ts runs the same at any load.
import { describe, expect, it } from 'vitest';
import { crashAndCount, describeCrash } from '../support/crash-rig.js';

describe('kill -9 under load: duplicates', () => {
  it('are only rows in flight at the kill; nothing is lost', async () => {
    const report = await crashAndCount({ members: 30, messagesEach: 6, killAfterAcks: 90, lineDelayMs: 20 });
    console.log(`[crash] ${describeCrash(report)}`);
    expect(report.unprocessed).toBe(0);
    expect(report.missing).toEqual([]);
    expect(report.duplicates.filter((id) => !report.inDoubt.includes(id))).toEqual([]);
    expect(report.replies).toBeGreaterThanOrEqual(report.acked);
  }, 180_000);
});
