// The earn rules' evaluation, pure (no database): seed 003's examples literally, then each rule of the evaluation.
import { describe, expect, it } from 'vitest';
import { earnRuleSchema, multiplierSchema } from '../../src/earn/domain/rule.js';
import { earn, multiplier, noon, nt, points, purchase, rule, TAIPEI } from './fixtures.js';

const brandA = rule({ code: 'a-spend', kind: 'spend', every: nt(50), points: 1, scope: { brands: ['A'] } });
const memberDay = multiplier({ code: 'member-day', factor: 3, monthDays: [5] });

describe('seed 003, literally', () => {
  it('brand A: every NT$50 earns 1', () => {
    expect(points(earn([brandA], purchase({ amount: nt(50) })))).toBe(1);
    expect(points(earn([brandA], purchase({ amount: nt(320) })))).toBe(6);
  });

  it('brand B: every NT$100 of the large latte range earns 5', () => {
    const latte = rule({
      code: 'b-latte',
      kind: 'product_amount',
      every: nt(100),
      points: 5,
      match: { labels: ['large-latte'] },
      scope: { brands: ['B'] },
    });
    const e = earn(
      [latte],
      purchase({
        brand: 'B',
        store: 'B1',
        amount: nt(230),
        items: [
          { sku: 'LATTE-L-OAT', quantity: 1, amount: nt(65), labels: ['large-latte'] },
          { sku: 'LATTE-L', quantity: 1, amount: nt(60), labels: ['large-latte'] },
          { sku: 'CAKE', quantity: 1, amount: nt(105) },
        ],
      }),
    );
    // NT$125 of large lattes: one whole NT$100 (the cake counts for nothing).
    expect(e.earned).toEqual([
      {
        rule: { code: 'b-latte', kind: 'product_amount', names: { 'zh-TW': 'b-latte', en: 'b-latte' } },
        pointType: 'bonus',
        base: 5,
        multiplier: null,
        points: 5,
        lifetime: null,
      },
    ]);
  });

  it('brand C: 3 packs of tissue earn 5', () => {
    const tissue = rule({
      code: 'c-tissue',
      kind: 'product_quantity',
      every: 3,
      points: 5,
      match: { skus: ['TISSUE-SOFT-3'] },
      scope: { brands: ['C'] },
    });
    const packs = (quantity: number) =>
      purchase({
        brand: 'C',
        store: 'C1',
        amount: nt(45 * quantity),
        items: [{ sku: 'TISSUE-SOFT-3', quantity, amount: nt(45 * quantity) }],
      });
    expect(points(earn([tissue], packs(3)))).toBe(5);
    expect(points(earn([tissue], packs(7)))).toBe(10);
    expect(earn([tissue], packs(2)).skipped).toEqual([{ rule: 'c-tissue', reason: 'nothing_earned' }]);
  });
});

describe('the group case (brands A and B)', () => {
  const brandB = rule({ code: 'b-spend', kind: 'spend', every: nt(10), points: 1, scope: { brands: ['B'] } });
  const newStore = rule({
    code: 'a-new-store',
    kind: 'spend',
    every: nt(50),
    points: 2,
    scope: { brands: ['A'] },
    openingDays: 7,
    priority: 10,
    exclusive: true,
  });
  const gold = rule({
    code: 'b-gold',
    kind: 'spend',
    every: nt(10),
    points: 2,
    scope: { brands: ['B'], memberTags: ['gold'] },
    priority: 10,
    exclusive: true,
  });
  const group = [brandA, brandB, newStore, gold];

  it('brand A NT$50 earns 1 and brand B NT$10 earns 1', () => {
    expect(points(earn(group, purchase({ amount: nt(50) })))).toBe(1);
    expect(points(earn(group, purchase({ brand: 'B', store: 'B1', amount: nt(10) })))).toBe(1);
    expect(points(earn(group, purchase({ brand: 'B', store: 'B1', amount: nt(50) })))).toBe(5);
  });

  it("brand A's new store: NT$50 earns 2 in its opening week, 1 after it", () => {
    const at = (date: string) => purchase({ store: 'A9', storeOpensOn: '2026-05-01', amount: nt(50), at: noon(date) });
    const opening = earn(group, at('2026-05-01'));
    expect(opening.earned.map((l) => [l.rule.code, l.points])).toEqual([['a-new-store', 2]]);
    expect(opening.skipped).toContainEqual({ rule: 'a-spend', reason: 'after_exclusive' });
    expect(points(earn(group, at('2026-05-07')))).toBe(2); // day 7 of the week
    expect(points(earn(group, at('2026-05-08')))).toBe(1);
    expect(points(earn(group, at('2026-04-30')))).toBe(1); // before it opened (a soft opening)
    expect(points(earn(group, purchase({ amount: nt(50) })))).toBe(1); // an old store (no opening date)
  });

  it("brand B's gold members: NT$10 earns 2 (a tag until tiers exist)", () => {
    const b = (memberTags: string[]) => purchase({ brand: 'B', store: 'B1', amount: nt(10), memberTags });
    expect(points(earn(group, b(['gold'])))).toBe(2);
    expect(points(earn(group, b(['gold', 'staff'])))).toBe(2);
    expect(points(earn(group, b(['silver'])))).toBe(1);
    // Gold members of brand B are nobody special at brand A.
    expect(points(earn(group, purchase({ amount: nt(50), memberTags: ['gold'] })))).toBe(1);
  });

  it('the 5th is member day at 3x, so NT$50 earns 3', () => {
    const e = earn(group, purchase({ amount: nt(50), at: noon('2026-05-05') }), [memberDay]);
    expect(e.earned).toEqual([
      expect.objectContaining({
        rule: expect.objectContaining({ code: 'a-spend' }),
        base: 1,
        multiplier: { code: 'member-day', names: { 'zh-TW': 'member-day', en: 'member-day' }, factor: 3 },
        points: 3,
      }),
    ]);
    expect(points(earn(group, purchase({ amount: nt(50), at: noon('2026-05-06') }), [memberDay]))).toBe(1);
  });
});

describe('each rule rounds down', () => {
  it('a part of a step earns nothing, per rule', () => {
    expect(points(earn([brandA], purchase({ amount: nt(49.99) })))).toBe(0);
    expect(points(earn([brandA], purchase({ amount: nt(149) })))).toBe(2);
    const two = [brandA, rule({ code: 'a-extra', kind: 'spend', every: nt(30), points: 1 })];
    // NT$89: 2 for the NT$30s and 1 for the NT$50, each rounded down: 3 (rounding the sum, 89/30 + 89/50, gives 4).
    const lines = earn(two, purchase({ amount: nt(89) })).earned;
    expect(lines.map((l) => [l.rule.code, l.points])).toEqual([
      ['a-extra', 2],
      ['a-spend', 1],
    ]);
  });

  it('a multiplier rounds down after multiplying the base', () => {
    const three = rule({ code: 'r', kind: 'spend', every: nt(10), points: 1 });
    const half = multiplier({ code: 'x1_5', factor: 1.5, weekdays: ['wed'] });
    expect(points(earn([three], purchase({ amount: nt(30) }), [half]))).toBe(4); // 3 * 1.5 = 4.5
  });
});

describe('conditions', () => {
  it('a minimum order: the eligible amount must reach it', () => {
    const min = rule({ code: 'min', kind: 'spend', every: nt(50), points: 1, minOrder: nt(100) });
    expect(earn([min], purchase({ amount: nt(99) })).skipped).toEqual([{ rule: 'min', reason: 'below_minimum' }]);
    expect(points(earn([min], purchase({ amount: nt(100) })))).toBe(2);
    // Excluded items count toward nothing, the minimum included.
    const withGiftCard = purchase({
      amount: nt(150),
      items: [
        { sku: 'GIFTCARD', quantity: 1, amount: nt(100) },
        { sku: 'LATTE', quantity: 1, amount: nt(50) },
      ],
    });
    expect(points(earn([{ ...min, excludedSkus: ['GIFTCARD'] }], withGiftCard))).toBe(0);
    expect(points(earn([{ ...min, minOrder: 0, excludedSkus: ['GIFTCARD'] }], withGiftCard))).toBe(1);
    expect(points(earn([{ ...min, minOrder: 0 }], withGiftCard))).toBe(3);
  });

  it('excluded SKUs do not count as matching items either', () => {
    const latte = rule({
      code: 'latte',
      kind: 'product_quantity',
      every: 1,
      points: 1,
      match: { labels: ['latte'] },
      excludedSkus: ['LATTE-FREE'],
    });
    const p = purchase({
      amount: nt(60),
      items: [
        { sku: 'LATTE', quantity: 1, amount: nt(60), labels: ['latte'] },
        { sku: 'LATTE-FREE', quantity: 2, amount: 0, labels: ['latte'] },
      ],
    });
    expect(points(earn([latte], p))).toBe(1);
    expect(earn([latte], purchase({ amount: nt(60) })).skipped).toEqual([
      { rule: 'latte', reason: 'no_matching_items' },
    ]);
  });

  it('priority orders the rules; exclusive stops the ones after it, but only when it earns', () => {
    const low = rule({ code: 'low', kind: 'spend', every: nt(10), points: 1, priority: 1 });
    const high = rule({ code: 'high', kind: 'spend', every: nt(100), points: 3, priority: 5, exclusive: true });
    const both = [low, high];
    expect(earn(both, purchase({ amount: nt(100) })).earned.map((l) => l.rule.code)).toEqual(['high']);
    // Below its step the exclusive rule earns nothing and stops nothing.
    expect(earn(both, purchase({ amount: nt(90) })).earned.map((l) => [l.rule.code, l.points])).toEqual([['low', 9]]);
    // Not exclusive: both apply, in priority order.
    const lines = earn([low, { ...high, exclusive: false }], purchase({ amount: nt(100) })).earned;
    expect(lines.map((l) => [l.rule.code, l.points])).toEqual([
      ['high', 3],
      ['low', 10],
    ]);
    // An exclusive rule of lower priority stops nothing before it.
    const lowExclusive = [
      { ...low, exclusive: true },
      { ...high, exclusive: false },
    ];
    expect(earn(lowExclusive, purchase({ amount: nt(100) })).earned.map((l) => l.rule.code)).toEqual(['high', 'low']);
  });

  it('validity windows are local dates in the program timezone, both ends inclusive', () => {
    const june = rule({
      code: 'june',
      kind: 'spend',
      every: nt(50),
      points: 1,
      validFrom: '2026-06-01',
      validTo: '2026-06-30',
    });
    const at = (ms: number) => points(earn([june], purchase({ amount: nt(50), at: ms })));
    // 2026-05-31T16:30Z is 00:30 on June 1st in Taipei, still May 31st in UTC.
    const justAfterMidnight = Date.UTC(2026, 4, 31, 16, 30);
    expect(at(justAfterMidnight)).toBe(1);
    expect(points(earn([june], purchase({ amount: nt(50), at: justAfterMidnight }), [], 'UTC'))).toBe(0);
    expect(at(Date.UTC(2026, 4, 31, 15, 59))).toBe(0); // 23:59 on May 31st in Taipei
    expect(at(noon('2026-06-30'))).toBe(1);
    expect(at(Date.UTC(2026, 5, 30, 16, 0))).toBe(0); // July 1st, 00:00 in Taipei
  });

  it('scopes: stores, and tiers (a hook: nobody has a tier yet)', () => {
    const store = rule({ code: 's', kind: 'spend', every: nt(50), points: 1, scope: { stores: ['A2'] } });
    expect(points(earn([store], purchase({ amount: nt(50) })))).toBe(0);
    expect(points(earn([store], purchase({ store: 'A2', amount: nt(50) })))).toBe(1);
    const tier = rule({ code: 't', kind: 'spend', every: nt(50), points: 1, scope: { tiers: ['gold'] } });
    expect(points(earn([tier], purchase({ amount: nt(50) })))).toBe(0);
    expect(points(earn([tier], purchase({ amount: nt(50), memberTier: 'gold' })))).toBe(1);
  });
});

describe('multipliers', () => {
  const tuesday = multiplier({ code: 'tuesday', factor: 2, weekdays: ['tue'] });
  const six = multiplier({ code: 'six', factor: 6, monthDays: [5], scope: { brands: ['B'] } });

  it('the highest factor wins and they never multiply each other; the answer says which applied', () => {
    // 2026-05-05 is a Tuesday: member day 3x and Tuesday 2x both apply; 3x wins (not 6x).
    const e = earn([brandA], purchase({ amount: nt(50), at: noon('2026-05-05') }), [tuesday, memberDay]);
    expect(e.earned.map((l) => [l.base, l.multiplier?.code, l.points])).toEqual([[1, 'member-day', 3]]);
    expect(points(earn([brandA], purchase({ amount: nt(50), at: noon('2026-05-12') }), [tuesday, memberDay]))).toBe(2);
    // The 6x of brand B is out of scope at brand A.
    expect(points(earn([brandA], purchase({ amount: nt(50), at: noon('2026-05-05') }), [six, memberDay]))).toBe(3);
  });

  it('a weekday or the 5th in Asia/Taipei, not in UTC, around midnight', () => {
    // 2026-05-04T17:30Z: Tuesday 2026-05-05 01:30 in Taipei, Monday 2026-05-04 17:30 in UTC.
    const instant = Date.UTC(2026, 4, 4, 17, 30);
    const p = purchase({ amount: nt(50), at: instant });
    expect(earn([brandA], p, [tuesday], TAIPEI).earned[0]?.multiplier?.code).toBe('tuesday');
    expect(earn([brandA], p, [tuesday], 'UTC').earned[0]?.multiplier).toBeNull();
    expect(points(earn([brandA], p, [memberDay], TAIPEI))).toBe(3);
    expect(points(earn([brandA], p, [memberDay], 'UTC'))).toBe(1);
    expect(earn([brandA], p, [], TAIPEI).localDate).toBe('2026-05-05');
  });

  it('only for the rule kinds it names, and within its window', () => {
    const spendOnly = multiplier({ code: 'spend3', factor: 3, monthDays: [5], kinds: ['spend'] });
    const perCup = rule({ code: 'cup', kind: 'product_quantity', every: 1, points: 1, match: { skus: ['CUP'] } });
    const p = purchase({
      amount: nt(50),
      at: noon('2026-05-05'),
      items: [{ sku: 'CUP', quantity: 1, amount: nt(50) }],
    });
    expect(earn([brandA, perCup], p, [spendOnly]).earned.map((l) => [l.rule.code, l.points])).toEqual([
      ['a-spend', 3],
      ['cup', 1],
    ]);
    const later = multiplier({ code: 'later', factor: 3, monthDays: [5], validFrom: '2026-06-01' });
    expect(points(earn([brandA], purchase({ amount: nt(50), at: noon('2026-05-05') }), [later]))).toBe(1);
    expect(points(earn([brandA], purchase({ amount: nt(50), at: noon('2026-06-05') }), [later]))).toBe(3);
  });
});

describe('definitions refuse what cannot work', () => {
  it('rules', () => {
    const base = {
      code: 'r',
      names: { 'zh-TW': '消費', en: 'Spend' },
      kind: 'spend',
      pointType: 'bonus',
      every: 5000,
      points: 1,
    };
    expect(earnRuleSchema.safeParse(base).success).toBe(true);
    const bad = (patch: object) => earnRuleSchema.safeParse({ ...base, ...patch }).error?.issues[0]?.path.join('.');
    expect(bad({ every: 0 })).toBe('every');
    expect(bad({ every: 10.5 })).toBe('every');
    expect(bad({ points: -1 })).toBe('points');
    expect(bad({ kind: 'product_amount' })).toBe('match');
    expect(bad({ match: { skus: ['X'] } })).toBe('match');
    expect(bad({ kind: 'product_quantity', match: { skus: [] } })).toBe('match');
    expect(bad({ validFrom: '2026-02-30' })).toBe('validFrom');
    expect(bad({ validFrom: '2026-06-02', validTo: '2026-06-01' })).toBe('validTo');
    expect(bad({ code: 'no spaces' })).toBe('code');
  });

  it('multipliers', () => {
    const base = { code: 'm', names: { 'zh-TW': '會員日', en: 'Member day' }, factor: 3, monthDays: [5] };
    expect(multiplierSchema.safeParse(base).success).toBe(true);
    const bad = (patch: object) => multiplierSchema.safeParse({ ...base, ...patch }).error?.issues[0]?.path.join('.');
    expect(bad({ factor: 0.5 })).toBe('factor');
    expect(bad({ factor: 1.234 })).toBe('factor');
    expect(bad({ monthDays: [] })).toBe('monthDays');
    expect(bad({ monthDays: [32] })).toBe('monthDays.0');
    expect(bad({ monthDays: [], weekdays: ['someday'] })).toBe('weekdays.0');
    expect(bad({ kinds: [] })).toBe('kinds');
  });
});
