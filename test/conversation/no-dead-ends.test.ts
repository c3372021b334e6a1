// No dead ends (issue 14): every turn ends with quick replies, whatever the member said and whatever the database
// refused. Walks every registered command (each keyword in both languages, and its postback) and every refusal
// members meet (sold out, not enough points, limits, unknown items, link, stop, start), over real SQLite.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { chatRegistry } from '../../src/main/chat.js';
import { parseConfig } from '../../src/main/config.js';
import { type ChatHarness, chatHarness } from '../support/chat-harness.js';
import { untouchable } from './turns.js';

/** The real registry, to list what is registered (its services are never reached). */
const registry = chatRegistry({
  config: parseConfig({}),
  db: untouchable('db'),
  clock: untouchable('clock'),
  qr: untouchable('qr'),
  ledger: untouchable('ledger'),
  checkin: untouchable('checkin'),
  giveaways: untouchable('giveaways'),
  coupons: untouchable('coupons'),
  earn: untouchable('earn'),
  welcomeBonus: untouchable('welcomeBonus'),
  inbox: untouchable('inbox'),
});

function expectQuickReplies(what: string, replies: readonly Reply[]): void {
  const last = replies.at(-1);
  expect(last, `${what}: some reply`).toBeDefined();
  const quick = last?.quickReplies ?? [];
  expect(
    quick.length,
    `${what}: the last reply (${last?.kind} "${last?.text.slice(0, 60)}") has quick replies`,
  ).toBeGreaterThan(0);
  expect(quick.length, `${what}: at most 13`).toBeLessThanOrEqual(13);
  for (const q of quick) {
    expect(q.label.length, `${what}: label "${q.label}"`).toBeGreaterThan(0);
    expect([...q.label].length, `${what}: label "${q.label}" within 20`).toBeLessThanOrEqual(20);
  }
}

async function registered(h: ChatHarness, userId: string, phone = '0912345678'): Promise<void> {
  for (const input of ['hi', 'Amy', phone, 'skip', 'agree']) await h.say(userId, input);
}

describe('every reply carries quick replies', () => {
  it('for every registered command a member types (each keyword, both languages) or taps', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    await registered(h, 'walker');
    const commands = registry.keywordCommands();
    expect(commands.length).toBeGreaterThan(10);
    for (const c of commands) {
      for (const words of Object.values(c.keywords ?? {})) {
        for (const word of words) {
          const replies = await h.say('walker', word);
          expectQuickReplies(`"${word}" (${c.name})`, replies);
          // A keyword that opened a flow (redeem) or asked a question: leave it before the next one.
          await h.say('walker', 'cancel');
        }
      }
    }
    for (const c of registry.allCommands()) {
      expectQuickReplies(`postback cmd=${c.name}`, await h.say('walker', { postback: `cmd=${c.name}` }));
      await h.say('walker', 'cancel');
    }
  });

  it('after every refusal: sold out, not enough points, limits, unknown, link, stop, start', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    const defined = await h.services.giveaways.defineGiveaway({
      code: 'ONE',
      titles: { 'zh-TW': '一份', en: 'Only one' },
      startsAt: h.clock.now(),
      endsAt: h.clock.now() + DAY_MS,
      pointType: 'bonus',
      perClaim: 50,
      budget: 50,
      dailyLimit: 1,
      totalLimit: 1,
    });
    expect(defined.ok).toBe(true);
    await registered(h, 'first');
    await registered(h, 'second', '0922333444');
    const cases: [string, string | { postback: string }, string][] = [
      ['claim', 'claim ONE', '+50'],
      ['claimed it already: all gone', 'claim ONE', 'all gone'],
      ['daily limit', 'claim DEMO', '+50'],
      ['daily limit', 'claim DEMO', 'today'],
      ['unknown giveaway', 'claim NOPE', 'NOPE'],
      ['not enough points', { postback: 'cmd=choose&item=off50' }, 'more points'],
      ['unknown item', 'redeem nothing-like-this', ''],
      ['nothing to confirm', 'agree', 'nothing waiting'],
      ['nothing to cancel', 'cancel', 'Nothing to cancel'],
      ['link', 'link', 'link code'],
      ['wrong link code', '12345678', ''],
      ['unlink the only chat', 'unlink', ''],
      ['stop', 'stop', 'no longer receive'],
      ['start', 'start', 'again'],
      ['unknown text', 'qwerty', "didn't get that"],
    ];
    for (const [what, input, expected] of cases) {
      const replies = await h.say('first', input);
      expect(replies.map((r) => r.text).join('\n'), what).toContain(expected);
      expectQuickReplies(what, replies);
    }
    const soldOut = await h.say('second', 'claim ONE');
    expect(soldOut.map((r) => r.text).join('\n')).toContain('all gone');
    expectQuickReplies('sold out', soldOut);
  });

  it('for visitors and inside registration', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }));
    for (const input of ['hi', 'cancel', 'points', 'help', 'join', 'Amy', 'not a phone', 'cancel']) {
      expectQuickReplies(`visitor "${input}"`, await h.say('visitor', input));
    }
  });
});
