// A member's conversation read back from the inbox and the outbox (what the simulator draws after a reload), on
// real SQLite: what they sent and what was sent to them, in order, the latest 100, and nothing of what retention
// pruned (the read keeps working, showing only what is left).
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { CONVERSATION_LIMIT, sqlConversationLog } from '../../src/inbox/index.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { chatHarness } from '../support/chat-harness.js';

describe('conversation log', () => {
  it('interleaves what the member sent with the replies, oldest first, one member only', async () => {
    const db = openSqlite({ path: ':memory:' });
    const h = await chatHarness(db, { DEFAULT_LANGUAGE: 'en' });
    await h.say('amy', 'hi');
    await h.say('bob', 'hi');
    await h.say('amy', { postback: 'cmd=help' });
    const entries = await sqlConversationLog(db).latest('simulator', 'amy');
    expect(entries.map((e) => e.from)).toEqual(['member', 'bot', 'member', 'bot']);
    const [first, , third] = entries;
    expect(first?.from === 'member' && first.event).toMatchObject({ type: 'text', text: 'hi', userId: 'amy' });
    expect(third?.from === 'member' && third.event).toMatchObject({ type: 'postback', data: 'cmd=help' });
    const sentToAmy = h.sender.sent.filter((s) => s.userId === 'amy');
    expect(entries.flatMap((e) => (e.from === 'bot' ? [e.replies] : []))).toEqual(sentToAmy.map((s) => s.replies));
    expect(await sqlConversationLog(db).latest('line', 'amy')).toEqual([]);
  });

  it('answers at most the latest 100 entries', async () => {
    const db = openSqlite({ path: ':memory:' });
    const h = await chatHarness(db, { DEFAULT_LANGUAGE: 'en' });
    for (let i = 0; i < 55; i++) await h.say('amy', `hello ${i}`);
    const entries = await sqlConversationLog(db).latest('simulator', 'amy');
    expect(entries).toHaveLength(CONVERSATION_LIMIT);
    const last = entries.filter((e) => e.from === 'member').at(-1);
    expect(last?.from === 'member' && last.event).toMatchObject({ text: 'hello 54' });
    expect(await sqlConversationLog(db).latest('simulator', 'amy', 1000)).toHaveLength(CONVERSATION_LIMIT);
  });

  it('leaves out what retention pruned and keeps working', async () => {
    const db = openSqlite({ path: ':memory:' });
    const h = await chatHarness(db, { DEFAULT_LANGUAGE: 'en' });
    await h.say('amy', 'hi');
    h.clock.advance(31 * DAY_MS);
    await h.say('amy', 'points');
    const run = await h.services.inbox.prune(30);
    expect(run.inboxPayloads).toBeGreaterThan(0);
    const entries = await sqlConversationLog(db).latest('simulator', 'amy');
    expect(entries.map((e) => e.from)).toEqual(['member', 'bot']);
    expect(entries[0]?.from === 'member' && entries[0].event).toMatchObject({ text: 'points' });
  });
});
