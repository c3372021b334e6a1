// Check-in, giveaway and coupon guarantees, run unchanged on better-sqlite3 and on D1 under workerd.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/kernel/database.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { type EngagementFixture, engagementFixture } from '../support/engagement-fixture.js';
import { balanceSum, invariantViolations } from '../support/ledger-fixture.js';

const HOUR = 3_600_000;

export function engagementContract(driver: string, makeDb: () => Promise<Database>): void {
  describe(`engagement contract on ${driver}`, () => {
    let f: EngagementFixture;
    beforeEach(async () => {
      f = await engagementFixture(await makeDb());
    });

    async function demoGiveaway(overrides: Record<string, unknown> = {}) {
      const r = await f.giveaways.defineGiveaway({
        code: 'DEMO',
        titles: { 'zh-TW': '限時送點', en: 'Flash points' },
        startsAt: f.clock.now(),
        endsAt: f.clock.now() + 3 * DAY_MS,
        pointType: 'bonus',
        perClaim: 50,
        budget: 10_000,
        dailyLimit: 1,
        totalLimit: 3,
        ...overrides,
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    }

    const claim = async (member: string, tap: string) =>
      f.giveaways.execute(await f.giveaways.planClaim(member, 'DEMO', tap));

    it('grants exactly budget / per-claim claims to 1,000 concurrent members, and refuses the rest as sold out', async () => {
      await demoGiveaway();
      const members = Array.from({ length: 1000 }, (_, i) => `m${i}`);
      await f.addMembers(members);
      const results = await Promise.all(members.map((m) => claim(m, 'tap')));
      expect(results.filter((r) => r.ok)).toHaveLength(200);
      const refusals = new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])));
      expect([...refusals]).toEqual(['sold_out']);
      expect((await f.giveaways.giveaway('DEMO'))?.budgetLeft).toBe(0);
      expect(await balanceSum(f.db, 'bonus')).toBe(0);
      expect(await invariantViolations(f.db)).toEqual([]);
    });

    it('lets a member claim once a day, at most 3 times in all, across days', async () => {
      await demoGiveaway({ endsAt: f.clock.now() + 10 * DAY_MS });
      await f.addMembers(['amy']);
      const sameDay = await Promise.all([claim('amy', 'a'), claim('amy', 'b'), claim('amy', 'a')]);
      expect(sameDay.filter((r) => r.ok)).toHaveLength(1);
      expect(sameDay.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual([
        'daily_limit_reached',
        'daily_limit_reached',
      ]);
      f.clock.advance(DAY_MS);
      expect((await claim('amy', 'c')).ok).toBe(true);
      f.clock.advance(DAY_MS);
      expect((await claim('amy', 'd')).ok).toBe(true);
      f.clock.advance(DAY_MS);
      expect(await claim('amy', 'e')).toMatchObject({ ok: false, error: { code: 'total_limit_reached' } });
      expect((await f.ledger.balances('amy'))[0]?.balance).toBe(150);
    });

    it('refuses claims before the start, after the end, and outside the audience', async () => {
      await demoGiveaway({
        startsAt: f.clock.now() + HOUR,
        endsAt: f.clock.now() + 2 * HOUR,
        audience: { registeredFrom: '2027-01-01' },
      });
      await f.addMembers(['bob']);
      expect(await claim('bob', 'x')).toMatchObject({ ok: false, error: { code: 'giveaway_not_started' } });
      f.clock.advance(HOUR);
      expect(await claim('bob', 'x')).toMatchObject({ ok: false, error: { code: 'not_eligible' } });
      f.clock.advance(HOUR);
      expect(await claim('bob', 'x')).toMatchObject({ ok: false, error: { code: 'giveaway_ended' } });
    });

    it('checks in once per local day in Asia/Taipei, with streaks and a day-7 bonus', async () => {
      await f.checkin.setCheckinSettings({
        pointType: 'bonus',
        amount: 10,
        streakBonuses: [{ day: 7, amount: 50 }],
      });
      await f.addMembers(['cid']);
      const checkin = async () => f.checkin.execute(await f.checkin.planCheckin('cid'));
      // 2026-03-01 23:30 in Taipei is 15:30 UTC; 30 minutes later it is already 2026-03-02 there.
      f.clock.set(Date.UTC(2026, 2, 1, 15, 30));
      const first = await Promise.all([checkin(), checkin(), checkin()]);
      expect(first.filter((r) => r.ok)).toHaveLength(1);
      expect(first.find((r) => r.ok)).toMatchObject({ ok: true, value: { localDate: '2026-03-01', streak: 1 } });
      f.clock.advance(HOUR);
      expect(await checkin()).toMatchObject({ ok: true, value: { localDate: '2026-03-02', streak: 2 } });
      for (let day = 3; day <= 7; day++) {
        f.clock.advance(DAY_MS);
        const r = await checkin();
        expect(r).toMatchObject({ ok: true, value: { streak: day, bonus: day === 7 ? 50 : 0 } });
      }
      expect((await f.ledger.balances('cid'))[0]?.balance).toBe(7 * 10 + 50);
      f.clock.advance(2 * DAY_MS);
      expect(await checkin()).toMatchObject({ ok: true, value: { streak: 1 } });
    });

    it('issues exactly 5 coupons to 50 concurrent redeemers of a stock of 5, charging only them', async () => {
      const item = await f.coupons.defineItem({
        code: 'latte',
        names: { 'zh-TW': '大杯拿鐵', en: 'Large latte' },
        pointType: 'bonus',
        cost: 150,
        stock: 5,
      });
      expect(item.ok).toBe(true);
      const members = Array.from({ length: 50 }, (_, i) => `r${i}`);
      await f.addMembers(members);
      for (const m of members)
        await f.ledger.credit(m, { key: `seed:${m}`, pointType: 'bonus', amount: 200, reason: { code: 'adjustment' } });
      const results = await Promise.all(
        members.map(async (m) => f.coupons.execute(await f.coupons.planRedeem(m, 'latte', 'tap'))),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(5);
      expect(new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])))).toEqual(new Set(['out_of_stock']));
      const charged = await f.db.first<{ n: number }>(
        "SELECT COUNT(*) AS n FROM transfers WHERE reason_code = 'coupon'",
      );
      const issued = await f.db.first<{ n: number }>('SELECT COUNT(*) AS n FROM coupons');
      expect(charged?.n).toBe(5);
      expect(issued?.n).toBe(5);
      expect((await f.coupons.item('latte'))?.stockRemaining).toBe(0);
      expect(await invariantViolations(f.db)).toEqual([]);
    });

    it('refuses a redemption without enough points, and over the per-member limit', async () => {
      await f.coupons.defineItem({
        code: 'off50',
        names: { 'zh-TW': '折50元', en: 'NT$50 off' },
        pointType: 'bonus',
        cost: 500,
        perMemberLimit: 1,
      });
      await f.addMembers(['dee']);
      const redeem = async (tap: string) => f.coupons.execute(await f.coupons.planRedeem('dee', 'off50', tap));
      await f.ledger.credit('dee', { key: 's1', pointType: 'bonus', amount: 400, reason: { code: 'adjustment' } });
      expect(await redeem('t1')).toMatchObject({ ok: false, error: { code: 'insufficient_points' } });
      await f.ledger.credit('dee', { key: 's2', pointType: 'bonus', amount: 800, reason: { code: 'adjustment' } });
      expect((await redeem('t2')).ok).toBe(true);
      expect(await redeem('t3')).toMatchObject({ ok: false, error: { code: 'limit_reached' } });
      expect((await f.ledger.balances('dee'))[0]?.balance).toBe(700);
    });

    it('marks a coupon used once at a store; replays answer the same; cancel restores the lots', async () => {
      await f.coupons.defineItem({
        code: 'latte',
        names: { 'zh-TW': '拿鐵', en: 'Latte' },
        pointType: 'bonus',
        cost: 150,
        stock: 10,
      });
      await f.addMembers(['eve']);
      await f.ledger.credit('eve', { key: 's', pointType: 'bonus', amount: 400, reason: { code: 'adjustment' } });
      const lotsBefore = await f.db.all('SELECT id, remaining, expires_at FROM lots ORDER BY id');
      const a = await f.coupons.execute(await f.coupons.planRedeem('eve', 'latte', 'a'));
      const b = await f.coupons.execute(await f.coupons.planRedeem('eve', 'latte', 'b'));
      if (!a.ok || !b.ok || !a.value.couponCode || !b.value.couponCode) throw new Error('redeem failed');
      const code = a.value.couponCode;
      expect(await f.coupons.storeRedeem('S1', code, 'req-1')).toMatchObject({
        ok: true,
        value: { replayed: false },
      });
      expect(await f.coupons.storeRedeem('S1', code, 'req-1')).toMatchObject({
        ok: true,
        value: { replayed: true },
      });
      expect(await f.coupons.storeRedeem('S1', code, 'req-2')).toMatchObject({
        ok: false,
        error: { code: 'coupon_already_used' },
      });
      expect(await f.coupons.storeRedeem('S1', 'NOPE', 'req-3')).toMatchObject({
        ok: false,
        error: { code: 'coupon_not_found' },
      });
      expect(await f.coupons.cancelCoupon(code)).toMatchObject({ ok: false, error: { code: 'coupon_not_active' } });
      expect((await f.coupons.cancelCoupon(b.value.couponCode)).ok).toBe(true);
      expect(await f.coupons.storeRedeem('S1', b.value.couponCode, 'req-4')).toMatchObject({
        ok: false,
        error: { code: 'coupon_cancelled' },
      });
      expect((await f.ledger.balances('eve'))[0]?.balance).toBe(250);
      const lotsAfter = await f.db.all<{ remaining: number }>('SELECT id, remaining, expires_at FROM lots ORDER BY id');
      expect(lotsAfter.map((l) => l.remaining)).toEqual([(lotsBefore[0] as { remaining: number }).remaining - 150]);
      expect((await f.coupons.item('latte'))?.stockRemaining).toBe(9);
      f.clock.advance(40 * DAY_MS);
      const c = await f.coupons.execute(await f.coupons.planRedeem('eve', 'latte', 'c'));
      expect(c.ok).toBe(false); // bonus lots (30-day lifetime) have expired by now
    });

    it('refuses an expired coupon and a coupon scoped to another store', async () => {
      await f.coupons.defineItem({
        code: 'shop',
        names: { 'zh-TW': '門市券', en: 'Shop voucher' },
        pointType: 'bonus',
        cost: 10,
        storeScope: 'S2',
        validity: { kind: 'days', days: 1 },
      });
      await f.addMembers(['fay']);
      await f.ledger.credit('fay', { key: 's', pointType: 'bonus', amount: 100, reason: { code: 'adjustment' } });
      const a = await f.coupons.execute(await f.coupons.planRedeem('fay', 'shop', 'a'));
      if (!a.ok || !a.value.couponCode) throw new Error('redeem failed');
      expect(await f.coupons.storeRedeem('S1', a.value.couponCode, 'r')).toMatchObject({
        ok: false,
        error: { code: 'coupon_wrong_store' },
      });
      f.clock.advance(2 * DAY_MS);
      expect(await f.coupons.storeRedeem('S2', a.value.couponCode, 'r')).toMatchObject({
        ok: false,
        error: { code: 'coupon_expired' },
      });
    });
  });
}
