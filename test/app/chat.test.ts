import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { chatHarness } from '../support/chat-harness.js';

const texts = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n---\n');

describe('chat over the inbox (simulator channel, SQLite)', () => {
  it('registers a member from the first message to the card with a welcome bonus', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    const first = await h.say('u1', 'hi');
    expect(first.map((r) => r.kind)).toEqual(['welcome', 'text']);
    // The profile language (en) is used, and the profile name is offered as a quick reply.
    expect(first[1]?.quickReplies?.[0]).toMatchObject({ label: 'Amy', action: { type: 'message', text: 'Amy' } });
    expect(texts(await h.say('u1', 'Amy'))).toContain('mobile number');
    expect(texts(await h.say('u1', '12345'))).toContain("doesn't look like a mobile number");
    expect(texts(await h.say('u1', '0912-345-678'))).toContain('birthday');
    expect(texts(await h.say('u1', '1990-13-45'))).toContain('e.g. 1990/5/31');
    expect(texts(await h.say('u1', '1990-05-31'))).toContain('terms');
    expect(texts(await h.say('u1', 'maybe'))).toContain('tap Agree');
    const done = await h.say('u1', { postback: 'cmd=agree' });
    expect(done.map((r) => r.kind)).toEqual(['text', 'text', 'card']);
    expect(texts(done)).toContain('+100 points');
    const points = await h.say('u1', 'ＰＯＩＮＴＳ');
    expect(points[0]).toMatchObject({ kind: 'balance', balances: [{ pointType: 'bonus', amount: 100 }] });
    const history = await h.say('u1', '紀錄');
    expect(history[0]).toMatchObject({ kind: 'history', lines: [{ delta: '+100', description: 'Welcome gift' }] });
    const member = await h.services.db.first<{ phone_e164: string; birthday: string }>('SELECT * FROM members');
    expect(member).toMatchObject({ phone_e164: '+886912345678', birthday: '1990-05-31' });
  });

  it('cancels, times out and answers anything unknown with help', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    await h.say('u2', 'follow');
    expect(texts(await h.say('u2', '取消'))).toContain('Registration cancelled');
    expect(texts(await h.say('u2', 'points'))).toContain('Please join first');
    await h.say('u2', { postback: 'cmd=join' });
    h.clock.advance(11 * 60 * 1000);
    expect(texts(await h.say('u2', 'Bob'))).toContain('paused for more than 10 minutes');
  });

  it('keeps one consistent state when 20 messages of one member arrive at once', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    const events = Array.from({ length: 20 }, (_, i) => ({
      channel: 'simulator' as const,
      userId: 'u3',
      eventId: `burst-${i}`,
      occurredAt: h.clock.now(),
      type: 'text' as const,
      text: i === 0 ? 'hi' : 'Carol',
    }));
    await Promise.all(events.map((e) => h.services.inbox.accept([e])));
    await Promise.all([h.services.inbox.drain(), h.services.inbox.drain()]);
    const states = await h.services.db.all('SELECT * FROM conversation_states');
    expect(states).toHaveLength(1);
    expect((await h.services.db.first<{ n: number }>('SELECT COUNT(*) AS n FROM inbox_done'))?.n).toBe(20);
  });
});

describe('broadcast opt-out in chat', () => {
  it('stops and restarts campaign messages for a member', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await h.say('u9', text);
    expect(texts(await h.say('u9', '退訂'))).toContain('no longer receive campaign messages');
    expect((await h.services.db.all('SELECT * FROM broadcast_opt_outs')).length).toBe(1);
    expect(texts(await h.say('u9', 'start'))).toContain('receive campaign messages again');
    expect((await h.services.db.all('SELECT * FROM broadcast_opt_outs')).length).toBe(0);
  });
});
