// Issue 14, "Each point type has its own unit word per language": a stamp card counts in 枚 / stamp, stamps in the
// catalogue, the giveaway cards, check-in, balance and history, in both languages; a type without units reads 點.
import { describe, expect, it } from 'vitest';
import { checkinReply } from '../../src/checkin/domain/views.js';
import { balanceReply, historyReply, type ViewContext } from '../../src/conversation/domain/views.js';
import { type CatalogItem, catalogItemSchema } from '../../src/coupons/domain/catalog.js';
import { catalogReply } from '../../src/coupons/domain/catalog-view.js';
import { giveawaySchema } from '../../src/giveaways/domain/giveaway.js';
import { giveawaysReply } from '../../src/giveaways/domain/views.js';
import type { Language } from '../../src/kernel/i18n/language.js';
import { formatPoints, pointTypeSchema, unitWordSchema } from '../../src/ledger/domain/point-type.js';
import { NOW } from './turns.js';

const stamp = pointTypeSchema.parse({
  code: 'stamp',
  names: { 'zh-TW': '咖啡集章', en: 'Coffee card' },
  units: { 'zh-TW': '枚', en: { one: 'stamp', other: 'stamps' } },
});
const bonus = pointTypeSchema.parse({ code: 'bonus', names: { 'zh-TW': '紅利點數', en: 'Bonus points' } });
const view = (language: Language): ViewContext => ({
  language,
  timeZone: 'Asia/Taipei',
  brand: { name: 'café', termsUrl: 'https://pl.example/t', privacyUrl: 'https://pl.example/p' },
  pointTypes: [bonus, stamp],
});
const [en, zh] = [view('en'), view('zh-TW')];

const card = (cost: number): CatalogItem =>
  ({
    ...catalogItemSchema.parse({
      code: `free${cost}`,
      names: { 'zh-TW': '免費咖啡', en: 'Free coffee' },
      pointType: 'stamp',
      cost,
    }),
    stockRemaining: null,
  }) as CatalogItem;

describe('units of a point type', () => {
  it('formatPoints: singular and plural in English, one form in zh-TW, 點 / points by default', () => {
    expect(formatPoints(1, stamp, 'en')).toBe('1 stamp');
    expect(formatPoints(2, stamp, 'en')).toBe('2 stamps');
    expect(formatPoints(1_250, stamp, 'zh-TW')).toBe('1,250 枚');
    expect(formatPoints(1, bonus, 'en')).toBe('1 point');
    expect(formatPoints(30, bonus, 'zh-TW')).toBe('30 點');
    expect(formatPoints(30, undefined, 'en')).toBe('30 points');
  });

  it('a unit word is 1-8 characters without control or invisible characters', () => {
    expect(unitWordSchema.safeParse('顆').success).toBe(true);
    expect(unitWordSchema.safeParse('diamonds').success).toBe(true);
    for (const bad of ['', '   ', 'ninechars', 'a\u0000', 'st\u200bamp', 'a\nb']) {
      expect(unitWordSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('the catalogue counts stamps: cost, balance and what is missing', () => {
    const standing = (n: number) => ({ balances: new Map([['stamp', n]]), limitsLeft: new Map() });
    const r = catalogReply(en, [card(10)], 1, standing(9));
    if (r.kind !== 'catalog') throw new Error(r.kind);
    expect(r.balanceNote).toBe('You have 9 stamps (Coffee card)');
    expect(r.items[0]).toMatchObject({ subtitle: '10 stamps', detail: '1 more stamp needed' });
    const two = catalogReply(en, [card(10)], 1, standing(8));
    if (two.kind !== 'catalog') throw new Error(two.kind);
    expect(two.items[0]?.detail).toBe('2 more stamps needed');
    const one = catalogReply(en, [card(1)], 1, standing(1));
    if (one.kind !== 'catalog') throw new Error(one.kind);
    expect([one.balanceNote, one.items[0]?.subtitle]).toEqual(['You have 1 stamp (Coffee card)', '1 stamp']);
    const z = catalogReply(zh, [card(10)], 1, standing(8));
    if (z.kind !== 'catalog') throw new Error(z.kind);
    expect([z.balanceNote, z.items[0]?.subtitle, z.items[0]?.detail]).toEqual([
      '您目前有咖啡集章 8 枚',
      '10 枚',
      '還差 2 枚',
    ]);
    expect(z.text).not.toContain('點');
  });

  it('giveaway cards give stamps', () => {
    const g = (perClaim: number) => ({
      ...giveawaySchema.parse({
        code: 'G',
        titles: { 'zh-TW': '送章', en: 'Stamp day' },
        startsAt: NOW - 1000,
        endsAt: NOW + 86_400_000,
        pointType: 'stamp',
        perClaim,
        budget: 100,
        dailyLimit: 1,
      }),
      budgetLeft: 100,
    });
    const item = (ctx: ViewContext, perClaim: number) => {
      const r = giveawaysReply(ctx, [g(perClaim)], 'ev', { claims: new Map(), now: NOW });
      if (r.kind !== 'giveaways') throw new Error(r.kind);
      return [r.items[0]?.subtitle, r.items[0]?.action?.label];
    };
    expect(item(en, 1)).toEqual(['+1 stamp per claim', 'Get 1 stamp']);
    expect(item(en, 2)).toEqual(['+2 stamps per claim', 'Get 2 stamps']);
    expect(item(zh, 2)).toEqual(['每次可領 2 枚', '領 2 枚']);
  });

  it('check-in earns stamps and counts down to the bonus', () => {
    const v = { localDate: '2026-03-01', streak: 4, earned: 1, pointType: 'stamp', next: { day: 7, amount: 2 } };
    const r = checkinReply(en, v);
    expect(r.text).toContain('+1 stamp for checking in today!');
    expect(r.text).toContain('3 more days for +2 stamps');
    const z = checkinReply(zh, v);
    expect(z.text).toContain('今日簽到成功，獲得 +1 枚！');
    expect(z.text).toContain('再簽到 3 天可得 +2 枚');
  });

  it('balance and history keep the name and count in the unit', () => {
    expect(balanceReply(zh, [{ pointType: 'stamp', available: 3 }]).text).toContain('咖啡集章: 3 枚');
    expect(balanceReply(en, [{ pointType: 'stamp', available: 1 }]).text).toContain('Coffee card: 1 stamp');
    const h = historyReply(en, [{ pointType: 'stamp', delta: -2, reason: { code: 'checkin' }, createdAt: NOW }]);
    expect(h.text).toContain('-2 stamps (Coffee card) Daily check-in');
  });
});
