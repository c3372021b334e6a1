// Issue 14, "Engagement copy and flow", pure: the view builders over sample data, the item finder, the streak
// progress, the plural helper, and no English in zh-TW member text (catalogue and rendered Flex alike).
import { describe, expect, it } from 'vitest';
import { renderLineMessages } from '../../src/channels/line/flex/render.js';
import { nextBonus } from '../../src/checkin/domain/checkin.js';
import { checkinReply, progressStrip } from '../../src/checkin/domain/views.js';
import type { Reply } from '../../src/conversation/domain/replies.js';
import type { ViewContext } from '../../src/conversation/domain/views.js';
import { type CatalogItem, catalogItemSchema } from '../../src/coupons/domain/catalog.js';
import { catalogReply, confirmReply } from '../../src/coupons/domain/catalog-view.js';
import { findItem } from '../../src/coupons/domain/find-item.js';
import { couponReply } from '../../src/coupons/domain/views.js';
import { giveawaySchema } from '../../src/giveaways/domain/giveaway.js';
import { giveawaysReply } from '../../src/giveaways/domain/views.js';
import { catalogLanguages, tp } from '../../src/kernel/i18n/catalog.js';
import type { Language } from '../../src/kernel/i18n/language.js';
import { NOW } from './turns.js';

const view = (language: Language): ViewContext => ({
  language,
  timeZone: 'Asia/Taipei',
  brand: { name: 'pointloop café', termsUrl: 'https://pl.example/terms', privacyUrl: 'https://pl.example/privacy' },
  pointTypes: [
    { code: 'bonus', names: { 'zh-TW': '紅利點數', en: 'Bonus points' } },
    { code: 'stamp', names: { 'zh-TW': '集章', en: 'Stamps' } },
  ] as unknown as ViewContext['pointTypes'],
});
const en = view('en');
const zh = view('zh-TW');

const item = (o: Partial<CatalogItem> & { code: string; names: CatalogItem['names'] }): CatalogItem =>
  ({
    ...catalogItemSchema.parse({ pointType: 'bonus', cost: 150, ...o }),
    stockRemaining: o.stock ?? null,
  }) as CatalogItem;
const latte = item({ code: 'latte', names: { 'zh-TW': '大杯拿鐵', en: 'Large latte' }, stock: 100, perMemberLimit: 2 });
const small = item({ code: 'latte_s', names: { 'zh-TW': '小杯拿鐵', en: 'Small latte' }, cost: 80 });
const tree = item({
  code: 'trees',
  kind: 'donation',
  names: { 'zh-TW': '捐贈植樹計畫', en: 'Plant a tree' },
  cost: 100,
});
const items = [latte, small, tree];

const texts = (r: Reply) => JSON.stringify(r);

describe('1. the catalogue shows the balance, what the member can afford and the limits', () => {
  const standing = { balances: new Map([['bonus', 120]]), limitsLeft: new Map([['latte', 1]]) };

  it('in English and in Chinese', () => {
    const r = catalogReply(en, items, 1, standing);
    expect(r).toMatchObject({ kind: 'catalog', balanceNote: 'You have 120 points (Bonus points)' });
    if (r.kind !== 'catalog') throw new Error(r.kind);
    expect(r.items[0]?.detail).toBe('30 more points needed · Limit 2 per member · 1 left for you · 100 left');
    expect(r.items[1]?.detail).toBe('✓ You have enough');
    const z = catalogReply(zh, items, 1, standing);
    if (z.kind !== 'catalog') throw new Error(z.kind);
    expect(z.balanceNote).toBe('您目前有紅利點數 120 點');
    expect(z.items[0]?.detail).toBe('還差 30 點 · 每人限兌 2 次，您還可兌換 1 次 · 剩 100 份');
  });

  it('an item at the member limit or sold out has no button', () => {
    const r = catalogReply(en, [latte, { ...small, stockRemaining: 0, stock: 5 }], 1, {
      balances: new Map([['bonus', 500]]),
      limitsLeft: new Map([['latte', 0]]),
    });
    if (r.kind !== 'catalog') throw new Error(r.kind);
    expect(r.items.map((i) => [i.detail, i.action])).toEqual([
      ["You've reached the limit for this one · 100 left", null],
      ['Sold out', null],
    ]);
  });
});

describe('2. items are found by name in either language, never only by code', () => {
  it.each([
    ['拿鐵', 'many'],
    ['大杯拿鐵', 'latte'],
    ['大杯 拿鐵', 'latte'],
    ['ＬＡＲＧＥ latte', 'latte'],
    ['large', 'latte'],
    ['small  LATTE', 'latte_s'],
    ['latte', 'latte'],
    ['植樹', 'trees'],
    ['杯', 'many'],
    ['捐贈', 'trees'],
    ['plant', 'trees'],
    ['espresso', 'none'],
  ])('%s -> %s', (query, expected) => {
    const found = findItem(items, query);
    const got = found.kind === 'one' ? found.item.code : found.kind;
    expect(got).toBe(expected);
  });
});

describe('3. giveaway cards speak of points, claims left and the member', () => {
  const g = {
    ...giveawaySchema.parse({
      code: 'XMAS',
      titles: { 'zh-TW': '聖誕送點', en: 'Christmas gift' },
      startsAt: NOW - 1000,
      endsAt: NOW + 86_400_000,
      pointType: 'bonus',
      perClaim: 50,
      budget: 10_000,
      dailyLimit: 1,
      totalLimit: 3,
    }),
    budgetLeft: 9_800,
  };

  it('no code, claims left, my limit, a button that says what it gives', () => {
    const r = giveawaysReply(zh, [g], 'ev', { claims: new Map(), now: NOW });
    expect(r.text).not.toContain('XMAS');
    expect(r.text).not.toMatch(/claim|9,800|10,000/i);
    if (r.kind !== 'giveaways') throw new Error(r.kind);
    expect(r.items[0]).toMatchObject({ subtitle: '每次可領 50 點', action: { label: '領 50 點' } });
    expect(r.items[0]?.detail).toMatch(/^剩 196 份・至 .* · 今天還能領 1 次$/);
    expect(giveawaysReply(en, [g], 'ev', { claims: new Map(), now: NOW }).text).toContain('196 left');
  });

  it('claimed today, claimed all, sold out or ended: no live button', () => {
    const at = (budgetLeft: number, today: number, total: number, now = NOW) => {
      const r = giveawaysReply(en, [{ ...g, budgetLeft }], 'ev', {
        claims: new Map([['XMAS', { today, total }]]),
        now,
      });
      if (r.kind !== 'giveaways') throw new Error(r.kind);
      return [r.items[0]?.detail.split(' · ').at(-1), r.items[0]?.action?.label ?? null];
    };
    expect(at(9_800, 0, 2)).toEqual(['1 more for you', 'Get 50 points']);
    expect(at(9_800, 1, 1)).toEqual(['Claimed today · come back tomorrow'.split(' · ')[1], null]);
    expect(at(9_800, 0, 3)).toEqual(["You've claimed all yours", null]);
    expect(at(49, 0, 0)).toEqual(['All gone', null]);
    expect(at(9_800, 0, 0, g.endsAt)).toEqual(["'Christmas gift' has ended.", null]);
  });
});

describe('4. check-in progress, the already style and plurals', () => {
  const settings = { pointType: 'bonus', amount: 10, streakBonuses: [{ day: 7, amount: 50, repeat: true }] };

  it('the next bonus is counted from the streak, repeats included', () => {
    expect(nextBonus(settings, 4)).toEqual({ day: 7, amount: 50 });
    expect(nextBonus(settings, 7)).toEqual({ day: 14, amount: 50 });
    expect(nextBonus({ ...settings, streakBonuses: [{ day: 7, amount: 50, repeat: false }] }, 7)).toBeNull();
    expect(progressStrip(9, { day: 14, amount: 50 }).map((d) => `${d.label}${d.checked ? '✓' : ''}`)).toEqual([
      '8✓',
      '9✓',
      '10',
      '11',
      '12',
      '13',
      '14',
    ]);
  });

  it('says how far the bonus is, in both languages, with English plurals', () => {
    const r = checkinReply(en, {
      localDate: '2026-03-01',
      streak: 4,
      earned: 10,
      pointType: 'bonus',
      next: { day: 7, amount: 50 },
    });
    expect(r.text).toContain('4 days in a row\n3 more days for +50 points');
    const one = checkinReply(en, {
      localDate: '2026-03-01',
      streak: 6,
      earned: 10,
      pointType: 'bonus',
      next: { day: 7, amount: 50 },
    });
    expect(one.text).toContain('6 days in a row\n1 more day for +50 points');
    const z = checkinReply(zh, {
      localDate: '2026-03-01',
      streak: 4,
      earned: 10,
      pointType: 'bonus',
      next: { day: 7, amount: 50 },
    });
    expect(z.text).toContain('已連續簽到 4 天\n再簽到 3 天可得 +50 點');
    expect(tp('en', 'checkin.streak', 1)).toBe('1 day in a row');
    expect(tp('en', 'checkin.streak', 2)).toBe('2 days in a row');
    expect(tp('en', 'checkin.streak', 1000)).toBe('1,000 days in a row');
  });

  it('"already checked in" is marked, and its card is not drawn in the success colour', () => {
    const v = { localDate: '2026-03-01', streak: 4, pointType: 'bonus', next: { day: 7, amount: 50 } };
    const already = checkinReply(en, { ...v, already: true });
    const done = checkinReply(en, { ...v, earned: 10 });
    expect([already.kind === 'checkin' && already.already, done.kind === 'checkin' && done.already]).toEqual([
      true,
      false,
    ]);
    const colour = (r: Reply) =>
      JSON.stringify(renderLineMessages([r])).match(
        /"text":"[^"]*check[^"]*","size":"md","weight":"bold","color":"(#\w+)"/i,
      )?.[1];
    expect(colour(already)).toBeDefined();
    expect(colour(already)).not.toBe(colour(done));
  });
});

describe('7. donations say donate; coupons say how to use them in the card', () => {
  it('donate, not redeem', () => {
    const r = catalogReply(en, [tree], 1);
    if (r.kind !== 'catalog') throw new Error(r.kind);
    expect(r.items[0]?.action?.label).toBe('Donate');
    expect(confirmReply(en, tree, 20)).toMatchObject({
      title: "Donate to 'Plant a tree'?",
      confirm: { label: 'Donate' },
    });
    expect(confirmReply(zh, tree, 20)).toMatchObject({
      title: '確定捐贈給「捐贈植樹計畫」？',
      confirm: { label: '捐贈' },
    });
    expect(texts(confirmReply(en, tree, 20))).not.toMatch(/Redeem/);
  });

  it('the coupon bubble itself says show this screen at the counter', () => {
    const c = {
      code: 'ABCD2345EFGH',
      itemName: '大杯拿鐵',
      qrUrl: 'https://pl.example/qr.png',
      status: 'active' as const,
      validUntil: null,
      usedAt: null,
    };
    const flex = JSON.stringify(renderLineMessages([couponReply(zh, c)])[0]);
    const contents = JSON.stringify((JSON.parse(flex) as { contents: unknown }).contents);
    expect(contents).toContain('於櫃檯出示此畫面');
    expect(JSON.stringify(renderLineMessages([couponReply(en, c)])[0])).toContain('Show this screen at the counter');
  });
});

describe('6. no English in zh-TW member text', () => {
  // Brand and platform names, the example name a member may type, the date format, money and codes.
  const ALLOWED = new Set([
    'LINE',
    'WhatsApp',
    'App',
    'QR',
    'Code',
    'NT',
    'Amy',
    'Chen',
    'English',
    'YYYY',
    'MM',
    'DD',
  ]);
  const latinWords = (text: string, extra: readonly string[] = []) =>
    (text.replace(/\{\w+\}/g, '').match(/[A-Za-z0-9_$-]*[A-Za-z][A-Za-z0-9_$-]*/g) ?? []).filter(
      // A code (capitals and digits: a coupon, a member code) or money (NT$50) is not a word.
      (w) => !ALLOWED.has(w) && !extra.includes(w) && !/^(?=.*\d)[A-Z0-9_-]+$/.test(w) && !/^NT\$/.test(w),
    );

  it('every zh-TW catalogue entry', () => {
    const bad = Object.entries(catalogLanguages()['zh-TW'])
      .map(([k, v]) => [k, latinWords(v)] as const)
      .filter(([, w]) => w.length > 0);
    expect(bad).toEqual([]);
  });

  it('every card rendered in zh-TW (texts, labels, altText), with sample data', () => {
    const standing = { balances: new Map([['bonus', 120]]), limitsLeft: new Map([['latte', 1]]) };
    const g = {
      ...giveawaySchema.parse({
        code: 'XMAS',
        titles: { 'zh-TW': '聖誕送點', en: 'Christmas gift' },
        startsAt: NOW - 1000,
        endsAt: NOW + 86_400_000,
        pointType: 'bonus',
        perClaim: 50,
        budget: 10_000,
      }),
      budgetLeft: 9_800,
    };
    const coupon = {
      code: 'ABCD2345EFGH',
      itemName: '大杯拿鐵',
      qrUrl: 'https://pl.example/qr.png',
      status: 'active' as const,
      validUntil: NOW,
      usedAt: null,
    };
    const replies: Reply[] = [
      catalogReply(zh, items, 1, standing),
      confirmReply(zh, latte, 20),
      confirmReply(zh, tree, 20),
      giveawaysReply(zh, [g], 'ev', { claims: new Map(), now: NOW }),
      checkinReply(zh, {
        localDate: '2026-03-01',
        streak: 4,
        earned: 10,
        pointType: 'bonus',
        next: { day: 7, amount: 50 },
      }),
      checkinReply(zh, {
        localDate: '2026-03-01',
        streak: 4,
        pointType: 'bonus',
        next: { day: 7, amount: 50 },
        already: true,
      }),
      couponReply(zh, coupon),
    ];
    const shown: string[] = [];
    const walk = (n: unknown, key = ''): void => {
      if (typeof n === 'string' && ['text', 'altText', 'label', 'displayText'].includes(key)) shown.push(n);
      else if (Array.isArray(n)) for (const x of n) walk(x);
      else if (n && typeof n === 'object') for (const [k, v] of Object.entries(n)) walk(v, k);
    };
    for (const r of replies) walk(renderLineMessages([r]));
    expect(shown.length).toBeGreaterThan(20);
    // The brand's own name is theirs to write.
    expect(shown.flatMap((s) => latinWords(s, ['pointloop', 'caf']))).toEqual([]);
  });
});
