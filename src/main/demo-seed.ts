import type { CheckinService } from '../checkin/index.js';
import type { CouponService } from '../coupons/index.js';
import type { EarnService } from '../earn/index.js';
import type { GiveawayService } from '../giveaways/index.js';
import { DAY_MS } from '../kernel/time.js';
import type { Ledger } from '../ledger/index.js';
import type { WelcomeBonusService } from '../members/index.js';
import type { CheckoutService } from '../purchases/index.js';
import type { StoreDirectory, StoreKeyService } from '../stores/index.js';

/** The services the demo program is defined with (a Services has them all). */
export interface DemoProgramServices {
  readonly ledger: Ledger;
  readonly checkin: CheckinService;
  readonly giveaways: GiveawayService;
  readonly coupons: CouponService;
  readonly welcomeBonus: WelcomeBonusService;
  readonly directory: StoreDirectory;
  readonly earn: EarnService;
  readonly commerce: { readonly checkout: CheckoutService };
}

/** The demo's second point type, counted in 顆 / diamond, diamonds rather than 點. */
const DIAMOND = {
  code: 'diamond',
  names: { 'zh-TW': '鑽石點數', en: 'Diamond points' },
  valueMinor: 1000,
  lifetime: { kind: 'end_of_year' },
  units: { 'zh-TW': '顆', en: { one: 'diamond', other: 'diamonds' } },
} as const;

/**
 * The demo program `npm start` seeds into an empty database, so a newcomer can chat at once. A bonus point is worth
 * 5 minor units (valueMinor), so 20 points pay NT$1 at the till (the checkout offset of seedDemoCommerce).
 */
export async function seedDemoProgram(s: DemoProgramServices, now: number): Promise<boolean> {
  const { ledger, checkin, giveaways, coupons, welcomeBonus } = s;
  if ((await ledger.pointTypes()).length > 0) return false;
  const results = [
    await ledger.definePointType({
      code: 'bonus',
      names: { 'zh-TW': '紅利點數', en: 'Bonus points' },
      valueMinor: 5,
      lifetime: { kind: 'days', days: 365 },
    }),
    await ledger.definePointType(DIAMOND),
    await welcomeBonus.set({ pointType: 'bonus', amount: 100 }),
    await checkin.setCheckinSettings({ pointType: 'bonus', amount: 10, streakBonuses: [{ day: 7, amount: 50 }] }),
    await giveaways.defineGiveaway({
      code: 'DEMO',
      titles: { 'zh-TW': '開幕限時送點', en: 'Grand opening flash giveaway' },
      startsAt: now,
      endsAt: now + 3 * DAY_MS,
      pointType: 'bonus',
      perClaim: 50,
      budget: 10_000,
      dailyLimit: 1,
      totalLimit: 3,
    }),
    await coupons.defineItem({
      code: 'latte',
      names: { 'zh-TW': '大杯拿鐵', en: 'Large latte' },
      descriptions: { 'zh-TW': '任一門市兌換大杯拿鐵一杯', en: 'One large latte at any store' },
      pointType: 'bonus',
      cost: 150,
      stock: 100,
      validity: { kind: 'days', days: 30 },
      sortOrder: 1,
    }),
    await coupons.defineItem({
      code: 'off50',
      names: { 'zh-TW': '折價 NT$50', en: 'NT$50 off' },
      descriptions: { 'zh-TW': '單筆消費折抵 50 元', en: 'NT$50 off one purchase' },
      pointType: 'bonus',
      cost: 500,
      validity: { kind: 'days', days: 60 },
      sortOrder: 2,
    }),
    await coupons.defineItem({
      code: 'trees',
      kind: 'donation',
      names: { 'zh-TW': '捐贈植樹計畫', en: 'Plant a tree' },
      descriptions: { 'zh-TW': '100 點為城市種下一棵樹', en: '100 points plant a tree in the city' },
      pointType: 'bonus',
      cost: 100,
      sortOrder: 3,
    }),
  ];
  if (results.some((r) => !r.ok) || !(await seedDemoCommerce(s))) throw new Error('demo seed refused');
  return true;
}

/**
 * Commerce: the brand "pointloop café" with two stores, NT$50 earns 1 bonus point, member day on the 5th at 3x, and
 * 20 bonus points pay NT$1 at the till (at most half a purchase, from 20 points). The store key of the first store
 * is made by seedDemoStoreKey (printed at start in development).
 */
async function seedDemoCommerce(s: DemoProgramServices): Promise<boolean> {
  const { directory, earn } = s;
  await directory.defineBrand('cafe', { 'zh-TW': 'pointloop café', en: 'pointloop café' });
  const stores = [
    await directory.defineStore({
      code: 'xinyi',
      brand: 'cafe',
      names: { 'zh-TW': '信義店', en: 'Xinyi' },
      opensOn: null,
    }),
    await directory.defineStore({
      code: 'daan',
      brand: 'cafe',
      names: { 'zh-TW': '大安店', en: "Da'an" },
      opensOn: null,
    }),
  ];
  const rule = await earn.defineRule({
    code: 'spend',
    names: { 'zh-TW': '消費', en: 'Purchases' },
    kind: 'spend',
    pointType: 'bonus',
    every: 5000, // NT$50, in minor units
    points: 1,
    scope: { brands: ['cafe'] },
  });
  const memberDay = await earn.defineMultiplier({
    code: 'member-day',
    names: { 'zh-TW': '會員日', en: 'Member day' },
    factor: 3,
    monthDays: [5],
    scope: { brands: ['cafe'] },
  });
  const offset = await s.commerce.checkout.setOffsetSettings({
    pointTypes: [{ pointType: 'bonus', maxSharePercent: 50, minPoints: 20 }],
  });
  return [...stores, rule, memberDay, offset].every((r) => r.ok);
}

/** A store key for the demo's first store (xinyi), shown once: the caller prints it (development only). */
export async function seedDemoStoreKey(s: { readonly stores: StoreKeyService }): Promise<string> {
  return (await s.stores.createStoreKey('xinyi', '信義店')).key;
}
