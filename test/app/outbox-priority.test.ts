import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { stmt } from '../../src/kernel/database.js';
import { chatHarness } from '../support/chat-harness.js';

describe('outbox delivery order', () => {
  it("sends a member's reply before a backlog of campaign pushes (at most 20 pushes a page)", async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    const now = h.clock.now();
    const pushes = Array.from({ length: 60 }, (_, i) =>
      stmt(
        `INSERT INTO outbox (channel, user_id, replies, retry_key, status, attempts, created_at)
         VALUES ('wa_web', ?, ?, ?, 'pending', 0, ?)`,
        `8869${i}@c.us`,
        JSON.stringify([{ kind: 'text', text: `campaign ${i}`, language: 'en' }]),
        `bc:test:${i}`,
        now,
      ),
    );
    expect((await h.services.db.batch(pushes)).ok).toBe(true);

    await h.say('member', 'hi');

    const order = h.sender.sent.map((s) => (s.inboxId === null ? 'push' : 'reply'));
    expect(order).toHaveLength(61);
    // The reply went out first; the pushes followed in pages, all of them once.
    expect(order[0]).toBe('reply');
    expect(new Set(h.sender.sent.filter((s) => s.inboxId === null).map((s) => s.retryKey)).size).toBe(60);
  });
});
