// One contract for the ledger, run unchanged against better-sqlite3 (test/adapters/db/ledger.sqlite.test.ts)
// and against D1 under workerd (test/workers/ledger.d1.test.ts). Only the database factory differs.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/kernel/database.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { campaignBudget, ISSUANCE, wallet } from '../../src/ledger/domain/accounts.js';
import {
  balanceSum,
  invariantViolations,
  type LedgerFixture,
  ledgerFixture,
  T0,
  transferCount,
} from '../support/ledger-fixture.js';

const reason = { code: 'adjustment' as const, params: { note: 'test' } };

export function ledgerContract(driver: string, makeDb: () => Promise<Database>): void {
  describe(`ledger contract on ${driver}`, () => {
    let f: LedgerFixture;
    beforeEach(async () => {
      f = await ledgerFixture(await makeDb());
    });

    async function credit(member: string, amount: number, key: string, pointType = 'bonus') {
      const r = await f.ledger.credit(member, { key, pointType, amount, reason });
      if (!r.ok) throw new Error(`credit refused: ${r.error.code}`);
      return r.value.transfer;
    }

    it('credits a wallet, opening it on first use, and keeps the books balanced', async () => {
      await credit('m1', 100, 'k1');
      expect(await f.ledger.balances('m1')).toEqual([{ pointType: 'bonus', balance: 100, available: 100, held: 0 }]);
      expect(await balanceSum(f.db, 'bonus')).toBe(0);
      expect(await invariantViolations(f.db)).toEqual([]);
    });

    it('replays a key with the first result and writes nothing twice', async () => {
      const first = await credit('m1', 100, 'line:evt-1');
      const again = await f.ledger.credit('m1', { key: 'line:evt-1', pointType: 'bonus', amount: 100, reason });
      expect(again).toEqual({ ok: true, value: { transfer: first, replayed: true } });
      expect(await transferCount(f.db)).toBe(1);
      expect((await f.ledger.balances('m1'))[0]?.balance).toBe(100);
    });

    it('refuses the same key with a different amount, account or point type', async () => {
      await credit('m1', 100, 'k1');
      for (const cmd of [
        { member: 'm1', amount: 101, pointType: 'bonus' },
        { member: 'm2', amount: 100, pointType: 'bonus' },
        { member: 'm1', amount: 100, pointType: 'diamond' },
      ]) {
        const r = await f.ledger.credit(cmd.member, {
          key: 'k1',
          pointType: cmd.pointType,
          amount: cmd.amount,
          reason,
        });
        expect(r).toMatchObject({ ok: false, error: { code: 'idempotency_conflict' } });
      }
      expect(await transferCount(f.db)).toBe(1);
    });

    it.each([
      ['zero', 0],
      ['negative', -5],
      ['fractional', 1.5],
      ['above 2^31-1', 2 ** 31],
      ['not a number', Number.NaN],
    ])('refuses an amount that is %s and writes nothing', async (_name, amount) => {
      const r = await f.ledger.credit('m1', { key: 'bad', pointType: 'bonus', amount, reason });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_amount' } });
      expect(await transferCount(f.db)).toBe(0);
    });

    it('refuses an unknown point type or account with specific codes', async () => {
      expect(await f.ledger.credit('m1', { key: 'a', pointType: 'gold', amount: 1, reason })).toMatchObject({
        ok: false,
        error: { code: 'unknown_point_type' },
      });
      expect(await f.ledger.debit('ghost', { key: 'b', pointType: 'bonus', amount: 1, reason })).toMatchObject({
        ok: false,
        error: { code: 'unknown_account' },
      });
      expect(
        await f.ledger.move({
          key: 'c',
          pointType: 'bonus',
          from: ISSUANCE,
          to: campaignBudget('nope'),
          amount: 1,
          reason,
        }),
      ).toMatchObject({ ok: false, error: { code: 'unknown_account' } });
      expect(await transferCount(f.db)).toBe(0);
    });

    it('refuses a debit beyond the balance and leaves everything as it was', async () => {
      await credit('m1', 100, 'k1');
      const r = await f.ledger.debit('m1', { key: 'spend', pointType: 'bonus', amount: 101, reason });
      expect(r).toMatchObject({ ok: false, error: { code: 'insufficient_points' } });
      expect(await transferCount(f.db)).toBe(1);
      expect((await f.ledger.balances('m1'))[0]?.balance).toBe(100);
    });

    it('spends the earliest-expiring lots first and records which', async () => {
      await credit('m1', 100, 'never', 'bonus');
      // A 5-day lot credited later still expires first.
      f.clock.advance(DAY_MS);
      const short = await f.ledger.credit('m1', {
        key: 'short',
        pointType: 'bonus',
        amount: 40,
        reason,
        lifetime: { kind: 'days', days: 5 },
      });
      expect(short.ok).toBe(true);
      const spend = await f.ledger.debit('m1', { key: 'spend', pointType: 'bonus', amount: 60, reason });
      expect(spend.ok).toBe(true);
      const lots = await f.db.all<{ amount: number; remaining: number }>(
        'SELECT amount, remaining FROM lots ORDER BY id',
      );
      expect(lots).toEqual([
        { amount: 100, remaining: 80 },
        { amount: 40, remaining: 0 },
      ]);
      expect(await invariantViolations(f.db)).toEqual([]);
    });

    it('reverses a spend into the exact lots it took from, keeping their expiry', async () => {
      await credit('m1', 50, 'a');
      f.clock.advance(DAY_MS);
      await credit('m1', 50, 'b');
      const before = await f.db.all('SELECT id, remaining, expires_at FROM lots ORDER BY id');
      const spend = await f.ledger.debit('m1', { key: 'spend', pointType: 'bonus', amount: 70, reason });
      if (!spend.ok) throw new Error(spend.error.code);
      const rev = await f.ledger.reverse(spend.value.transfer.id, { key: 'rev' });
      expect(rev.ok).toBe(true);
      expect(await f.db.all('SELECT id, remaining, expires_at FROM lots ORDER BY id')).toEqual(before);
      expect(await f.ledger.reverse(spend.value.transfer.id, { key: 'rev-2' })).toMatchObject({
        ok: false,
        error: { code: 'already_reversed' },
      });
      if (!rev.ok) return;
      expect(await f.ledger.reverse(rev.value.transfer.id, { key: 'rev-3' })).toMatchObject({
        ok: false,
        error: { code: 'not_reversible' },
      });
    });

    it('transfers between wallets with the lots keeping their expiry', async () => {
      await credit('m1', 100, 'a');
      const t = await f.ledger.transferBetween('m1', 'm2', { key: 'gift', pointType: 'bonus', amount: 30, reason });
      expect(t.ok).toBe(true);
      const lots = await f.db.all<{ owner: string; remaining: number; expires_at: number }>(
        'SELECT a.owner, l.remaining, l.expires_at FROM lots l JOIN accounts a ON a.id = l.account_id ORDER BY l.id',
      );
      expect(lots.map((l) => [l.owner, l.remaining])).toEqual([
        ['m1', 70],
        ['m2', 30],
      ]);
      expect(lots[0]?.expires_at).toBe(lots[1]?.expires_at);
      expect(await balanceSum(f.db, 'bonus')).toBe(0);
    });

    it('expires what is left of a lot with an explicit transfer, once', async () => {
      await credit('m1', 100, 'a'); // bonus lives 30 days
      await f.ledger.debit('m1', { key: 'spend', pointType: 'bonus', amount: 30, reason });
      f.clock.advance(31 * DAY_MS);
      // Not swept yet: still in the balance, but nothing can be spent from it.
      expect(await f.ledger.balances('m1')).toEqual([{ pointType: 'bonus', balance: 70, available: 0, held: 0 }]);
      expect(await f.ledger.debit('m1', { key: 'late', pointType: 'bonus', amount: 1, reason })).toMatchObject({
        ok: false,
        error: { code: 'insufficient_points' },
      });
      expect(await f.ledger.expire()).toMatchObject({ lotsExpired: 1 });
      expect(await f.ledger.expire()).toMatchObject({ lotsExpired: 0 });
      expect(await f.ledger.balances('m1')).toEqual([{ pointType: 'bonus', balance: 0, available: 0, held: 0 }]);
      const history = await f.ledger.history('m1');
      expect(history.entries[0]).toMatchObject({ delta: -70, reason: { code: 'expired', params: { earnedAt: T0 } } });
      expect(await balanceSum(f.db, 'bonus')).toBe(0);
    });

    it('says what expires next and when, in the program timezone', async () => {
      await credit('m1', 100, 'a');
      await credit('m1', 5, 'd', 'diamond');
      const next = await f.ledger.nextExpiring('m1');
      // Credited 2026-03-01 09:00 Taipei + 30 days -> expires at local midnight starting 2026-03-31.
      expect(next).toEqual([{ pointType: 'bonus', amount: 100, expiresAt: Date.UTC(2026, 2, 30, 16, 0, 0) }]);
    });

    it('pages history newest first, each change with its reason', async () => {
      for (let i = 1; i <= 12; i++) await credit('m1', i, `k${i}`);
      await f.ledger.debit('m1', {
        key: 'spend',
        pointType: 'bonus',
        amount: 5,
        reason: { code: 'coupon', params: { item: 'Latte' } },
      });
      const page1 = await f.ledger.history('m1', { limit: 10 });
      expect(page1.entries).toHaveLength(10);
      expect(page1.entries[0]).toMatchObject({ delta: -5, reason: { code: 'coupon', params: { item: 'Latte' } } });
      const page2 = await f.ledger.history('m1', { limit: 10, beforeId: page1.nextBeforeId });
      expect(page2.entries.map((e) => e.delta)).toEqual([3, 2, 1]);
      expect(page2.nextBeforeId).toBeNull();
    });

    it('funds a campaign budget that cannot go below zero', async () => {
      expect((await f.ledger.openAccount(campaignBudget('summer'), 'bonus')).ok).toBe(true);
      await f.ledger.move({
        key: 'fund',
        pointType: 'bonus',
        from: ISSUANCE,
        to: campaignBudget('summer'),
        amount: 100,
        reason,
      });
      const claim = (key: string) =>
        f.ledger.move({
          key,
          pointType: 'bonus',
          from: campaignBudget('summer'),
          to: wallet('m1'),
          amount: 60,
          reason,
        });
      expect((await claim('c1')).ok).toBe(true);
      expect(await claim('c2')).toMatchObject({ ok: false, error: { code: 'budget_exhausted' } });
      expect(await balanceSum(f.db, 'bonus')).toBe(0);
    });

    it('refuses to issue outside the point type issuing window', async () => {
      await f.ledger.definePointType({
        code: 'xmas',
        names: { 'zh-TW': '聖誕點數', en: 'Xmas points' },
        issueFrom: T0 + DAY_MS,
        issueTo: T0 + 2 * DAY_MS,
      });
      expect(await f.ledger.credit('m1', { key: 'early', pointType: 'xmas', amount: 1, reason })).toMatchObject({
        ok: false,
        error: { code: 'point_type_not_issuing' },
      });
      f.clock.advance(DAY_MS);
      expect((await f.ledger.credit('m1', { key: 'ok', pointType: 'xmas', amount: 1, reason })).ok).toBe(true);
    });

    it('has its guards in the schema: no update or delete of history, no overdraft by hand', async () => {
      await credit('m1', 10, 'a');
      for (const sql of [
        'UPDATE transfers SET amount = 1',
        'DELETE FROM transfers',
        'DELETE FROM lots',
        'DELETE FROM accounts',
        "UPDATE accounts SET balance = -1 WHERE kind = 'wallet'",
        "INSERT INTO accounts (kind, owner, point_type, may_go_negative, created_at) VALUES ('wallet', 'x', 'bonus', 1, 0)",
      ]) {
        const r = await f.db.batch([{ sql, params: [] }]);
        expect(r.ok, sql).toBe(false);
      }
      expect((await f.ledger.balances('m1'))[0]?.balance).toBe(10);
    });

    it('lets exactly as many concurrent spends succeed as the balance allows', async () => {
      await credit('m1', 1000, 'a');
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          f.ledger.debit('m1', { key: `spend-${i}`, pointType: 'bonus', amount: 30, reason }),
        ),
      );
      const won = results.filter((r) => r.ok).length;
      expect(won).toBe(33);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'insufficient_points')).toBe(true);
      expect((await f.ledger.balances('m1'))[0]?.balance).toBe(10);
      expect(await invariantViolations(f.db)).toEqual([]);
    });
  });
}
