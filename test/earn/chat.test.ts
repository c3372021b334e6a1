// "how to earn" / "集點方式" through the real chat (inbox, turn, registry) on SQLite, with the demo programme:
// NT$50 earns 1 at pointloop café, member day on the 5th at 3x. The harness clock starts 2026-03-01 09:00 Taipei.
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { startOfLocalDate } from '../../src/kernel/time.js';
import { type ChatHarness, chatHarness } from '../support/chat-harness.js';

const join = ['hi', 'Amy', '0912345678', 'skip', 'agree'];

describe('how to earn, in the chat', () => {
  let h: ChatHarness;
  const ask = async (user: string, text: string) => (await h.say(user, text)).map((r) => r.text);

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    for (const text of join) await h.say('u1', text);
  });

  it('explains the rules and the next member day in English and in Chinese', async () => {
    expect(await ask('u1', 'how to earn')).toEqual([
      [
        'How to earn points',
        '• Purchases: every NT$50 you spend earns 1 Bonus points at pointloop café',
        '',
        'Member days',
        '• Member day: 3x points on 2026-03-05 (Thu) at pointloop café',
      ].join('\n'),
    ]);
    await h.say('u1', 'language 中文');
    expect(await ask('u1', '集點方式')).toEqual([
      [
        '集點方式',
        '• 消費：每消費 NT$50 可得 1 紅利點數（pointloop café）',
        '',
        '會員日',
        '• 會員日：2026-03-05（週四）點數 3 倍（pointloop café）',
      ].join('\n'),
    ]);
    h.clock.set(startOfLocalDate('2026-03-05', 'Asia/Taipei') + 60_000); // 00:01 on the 5th in Taipei
    expect((await ask('u1', '集點'))[0]).toContain('• 會員日：今天點數 3 倍（pointloop café）！');
  });

  it('lists a new store in its opening week, and rules for a tag only to members who have it', async () => {
    const { directory, earn, broadcasts } = h.services;
    await directory.defineStore({
      code: 'zs',
      brand: 'cafe',
      names: { 'zh-TW': '中山店', en: 'Zhongshan' },
      opensOn: '2026-02-27',
    });
    const rule = (code: string, extra: object) =>
      earn.defineRule({
        code,
        names: { 'zh-TW': code, en: code },
        kind: 'spend',
        pointType: 'bonus',
        points: 2,
        ...extra,
      });
    await rule('opening', { every: 5000, openingDays: 7, scope: { brands: ['cafe'] }, priority: 5, exclusive: true });
    await rule('gold', { every: 1000, minOrder: 10000, validTo: '2026-03-31', scope: { memberTags: ['gold'] } });
    const text = (await ask('u1', 'earn'))[0] ?? '';
    expect(text).toContain(
      '• opening: every NT$50 you spend earns 2 Bonus points at pointloop café, in the first 7 days of our new store: Zhongshan',
    );
    expect(text).not.toContain('gold');

    const member = await h.services.db.first<{ id: string }>('SELECT id FROM members');
    await broadcasts.tag(member?.id ?? '', ['gold']);
    expect(await ask('u1', 'earn')).toEqual([
      expect.stringContaining(
        '• gold: every NT$10 you spend earns 2 Bonus points, on orders from NT$100, until 2026-03-31',
      ),
    ]);
    // A week after it opened, the opening rule is not offered any more.
    h.clock.set(startOfLocalDate('2026-03-06', 'Asia/Taipei'));
    expect((await ask('u1', 'earn'))[0]).not.toContain('opening');
  });

  it('tells a visitor how to earn, then asks them to join', async () => {
    await h.say('v1', 'hi');
    await h.say('v1', 'cancel');
    const replies = await ask('v1', 'how to earn');
    expect(replies[0]).toContain('every NT$50 you spend earns 1 Bonus points');
    expect(replies[1]).toBe('Please join first: it takes under a minute.');
  });

  it('says so when there is nothing to earn at a store and no member day ahead', async () => {
    await h.services.earn.deleteRule('spend');
    await h.services.earn.deleteMultiplier('member-day');
    expect(await ask('u1', 'how to earn')).toEqual([
      [
        'How to earn points',
        'No purchase rewards right now. Check in daily and join giveaways to earn points!',
        '',
        'Member days',
        'No member days coming up.',
      ].join('\n'),
    ]);
  });
});
