import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { inQuietHours } from '../../src/ledger/jobs.js';
import { chatHarness } from '../support/chat-harness.js';

describe('scheduled jobs', () => {
  it('reminds a reachable member once before points expire, outside quiet hours, and sweeps them after', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await h.say('u1', text);
    await h.say('u2', 'hi'); // not a member: never reminded
    // Welcome bonus (100 bonus points) lives 365 days. Move to 3 days before it expires, at 10:00 Taipei.
    h.clock.advance(362 * DAY_MS);
    h.clock.set(Math.floor(h.clock.now() / DAY_MS) * DAY_MS + 2 * 3_600_000);
    const before = h.sender.sent.length;
    expect(await h.services.jobs.expiryReminders()).toEqual({ status: 'done', sent: 1, alreadySent: 0 });
    expect(await h.services.jobs.expiryReminders()).toEqual({ status: 'done', sent: 0, alreadySent: 0 });
    const reminder = h.sender.sent.slice(before);
    expect(reminder).toHaveLength(1);
    expect(reminder[0]?.replies[0]?.text).toBe(
      "100 points (Bonus points) expire on 2027-02-28. You could still redeem 'Plant a tree' (100 points).",
    );
    // At night nothing is pushed.
    h.clock.advance(12 * 3_600_000);
    expect(await h.services.jobs.expiryReminders()).toEqual({ status: 'quiet_hours' });
    h.clock.advance(5 * DAY_MS);
    expect((await h.services.jobs.expirySweep()).lotsExpired).toBe(1);
    expect((await h.services.jobs.expirySweep()).lotsExpired).toBe(0);
    const history = await h.say('u1', 'history');
    expect(history[0]?.text).toContain('-100 points (Bonus points) Expired (earned 2026-03-01)');
  });

  it('knows quiet hours that wrap midnight in the program timezone', () => {
    const s = { daysBefore: 7, quietStart: '21:00', quietEnd: '09:00' };
    const at = (utcHour: number) => Date.UTC(2026, 5, 1, utcHour);
    expect(inQuietHours(at(14), 'Asia/Taipei', s)).toBe(true); // 22:00 Taipei
    expect(inQuietHours(at(0), 'Asia/Taipei', s)).toBe(true); // 08:00
    expect(inQuietHours(at(2), 'Asia/Taipei', s)).toBe(false); // 10:00
  });
});
