import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { type ChatHarness, chatHarness } from '../support/chat-harness.js';

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');

async function registered(userId = 'u1'): Promise<ChatHarness> {
  const h = await chatHarness(openSqlite({ path: ':memory:' }));
  await h.say(userId, 'hi');
  await h.say(userId, 'Amy');
  await h.say(userId, '0912345678');
  await h.say(userId, 'skip');
  await h.say(userId, 'agree');
  return h;
}

function postbackOf(reply: Reply | undefined, index = 0): string {
  if (!reply || !('items' in reply)) throw new Error(`no list in ${reply?.kind}`);
  const action = reply.items[index]?.action?.action;
  if (action?.type !== 'postback') throw new Error('no postback');
  return action.data;
}

describe('engagement in chat (simulator channel, SQLite)', () => {
  it('checks in once a day with a streak and the progress toward the day-7 bonus', async () => {
    const h = await registered();
    const first = await h.say('u1', '簽到');
    expect(first[0]).toMatchObject({ kind: 'checkin', headline: '+10 points for checking in today!' });
    expect(first[0]?.kind === 'checkin' && first[0].strip.map((d) => d.checked)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(texts(first)).toContain('1 day in a row\n6 more days for +50 points');
    const again = await h.say('u1', 'check in');
    expect(again[0]).toMatchObject({
      kind: 'checkin',
      already: true,
      headline: expect.stringContaining('already checked in'),
    });
    expect(texts(again)).toContain('6 more days for +50 points');
    h.clock.advance(DAY_MS);
    expect(texts(await h.say('u1', { postback: 'cmd=checkin' }))).toContain('2 days in a row\n5 more days for +50');
    expect((await h.services.ledger.balances('x')).length).toBe(0);
  });

  it('claims the DEMO giveaway once per day, even when the button is tapped twice', async () => {
    const h = await registered();
    const list = await h.say('u1', 'giveaways');
    expect(list[0]).toMatchObject({ kind: 'giveaways', items: [{ id: 'DEMO' }] });
    const data = postbackOf(list[0]);
    expect(texts(await h.say('u1', { postback: data }))).toContain('+50 points');
    expect(texts(await h.say('u1', { postback: data }))).toContain("You've claimed");
    expect(texts(await h.say('u1', 'claim demo'))).toContain('Come back tomorrow');
    expect(texts(await h.say('u1', '領取 NOPE'))).toContain("no giveaway called 'NOPE'");
    const history = await h.say('u1', 'history');
    expect(history[0]).toMatchObject({
      kind: 'history',
      lines: [{ delta: '+50', description: "Flash giveaway 'Grand opening flash giveaway'" }, { delta: '+100' }],
    });
  });

  it('redeems a latte after confirmation, shows it in my coupons, and refuses what it cannot afford', async () => {
    const h = await registered();
    await h.say('u1', 'claim DEMO'); // 150 points now
    const catalog = await h.say('u1', '優惠券');
    expect(catalog[0]).toMatchObject({ kind: 'catalog' });
    const offer = postbackOf(catalog[0], 1); // NT$50 off, 500 points
    expect(texts(await h.say('u1', { postback: offer }))).toContain('You need 350 more points');
    const latte = postbackOf(catalog[0], 0);
    const confirm = await h.say('u1', { postback: latte });
    expect(confirm[0]).toMatchObject({ kind: 'confirm', body: 'It costs 150 points. Your balance after: 0 points.' });
    const coupon = await h.say('u1', { postback: 'cmd=agree' });
    expect(coupon[0]).toMatchObject({ kind: 'coupon', usable: true });
    // A second tap on Confirm does not redeem again.
    expect(texts(await h.say('u1', { postback: 'cmd=agree' }))).toContain('nothing waiting for your confirmation');
    expect((await h.services.ledger.balances((await memberId(h)) ?? ''))[0]?.available).toBe(0);
    const mine = await h.say('u1', 'my coupons');
    expect(mine[0]).toMatchObject({ kind: 'coupons', items: [{ title: 'Large latte' }] });
  });
});

async function memberId(h: ChatHarness): Promise<string | undefined> {
  return (await h.services.db.first<{ id: string }>('SELECT id FROM members'))?.id;
}
