// Holds in the ledger, one contract run unchanged on better-sqlite3 (test/adapters/db/holds.sqlite.test.ts) and on
// D1 under workerd (test/workers/holds.d1.test.ts): placing, capturing, voiding and expiring holds, and the
// database's guard that keeps every other spend (a coupon, a capped refund debit, a transfer) off held points.
import { beforeEach, describe, expect, it } from 'vitest';
import { type Database, stmt } from '../../src/kernel/database.js';
import { sqlHoldStore } from '../../src/ledger/db/holds-sql.js';
import { REDEMPTION } from '../../src/ledger/domain/accounts.js';
import { Holds } from '../../src/ledger/holds.js';
import { invariantViolations, type LedgerFixture, ledgerFixture, transferCount } from '../support/ledger-fixture.js';

const reason = { code: 'adjustment' as const, params: { note: 'test' } };
const spendReason = { code: 'store_spend' as const, params: { store: 'S1' } };

export function holdsContract(driver: string, makeDb: () => Promise<Database>): void {
  describe(`holds contract on ${driver}`, () => {
    let f: LedgerFixture;
    let holds: Holds;
    beforeEach(async () => {
      f = await ledgerFixture(await makeDb());
      holds = new Holds({ db: f.db, store: sqlHoldStore(f.db), ledger: f.ledger, clock: f.clock });
    });
    const credit = async (member: string, amount: number, key: string) => {
      const r = await f.ledger.credit(member, { key, pointType: 'bonus', amount, reason });
      if (!r.ok) throw new Error(r.error.code);
    };
    const place = (key: string, points: number, seconds = 300, memberId = 'm1') =>
      holds.place({ key, memberId, pointType: 'bonus', points, seconds });
    const balance = async (member = 'm1') => (await f.ledger.balances(member)).find((b) => b.pointType === 'bonus');

    it('reserves points that no other spend can take, and shows them as held', async () => {
      await credit('m1', 100, 'c1');
      expect(await place('h1', 70)).toMatchObject({
        ok: true,
        value: { replayed: false, hold: { status: 'pending' } },
      });
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 100, available: 30, held: 70 });
      const before = await transferCount(f.db);
      expect(await f.ledger.debit('m1', { key: 'd1', pointType: 'bonus', amount: 31, reason })).toMatchObject({
        ok: false,
        error: { code: 'insufficient_points' },
      });
      expect(
        await f.ledger.transferBetween('m1', 'm2', { key: 't1', pointType: 'bonus', amount: 31, reason }),
      ).toMatchObject({ ok: false, error: { code: 'insufficient_points' } });
      expect(await place('h2', 31)).toMatchObject({ ok: false, error: { code: 'insufficient_points' } });
      expect(await transferCount(f.db)).toBe(before);
      expect(await f.ledger.debit('m1', { key: 'd2', pointType: 'bonus', amount: 30, reason })).toMatchObject({
        ok: true,
      });
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 70, available: 0, held: 70 });
    });

    it('refuses at the database a debit into held points, whoever writes it', async () => {
      await credit('m1', 100, 'c1');
      await place('h1', 100);
      const raw = await f.db.batch([
        stmt(
          `INSERT INTO transfers (idempotency_key, point_type, debit_account_id, credit_account_id, amount, reason_code, created_at)
           VALUES ('raw', 'bonus', (SELECT id FROM accounts WHERE kind = 'wallet' AND owner = 'm1'),
                   (SELECT id FROM accounts WHERE kind = 'redemption'), 1, 'coupon', ?)`,
          f.clock.now(),
        ),
      ]);
      expect(raw).toEqual({ ok: false, error: { kind: 'refused', code: 'insufficient_points' } });
    });

    it('captures up to what it holds, spends the earliest-expiring lots, and releases the rest', async () => {
      await f.ledger.credit('m1', {
        key: 'c-short',
        pointType: 'bonus',
        amount: 40,
        reason,
        lifetime: { kind: 'days', days: 5 },
      });
      await credit('m1', 60, 'c-long');
      await place('h1', 80);
      expect(await holds.capture({ key: 'h1', points: 81, reason: spendReason })).toMatchObject({
        ok: false,
        error: { code: 'capture_exceeds_hold' },
      });
      const captured = await holds.capture({ key: 'h1', points: 50, reason: spendReason });
      expect(captured).toMatchObject({
        ok: true,
        value: { replayed: false, hold: { status: 'captured', captured: 50 } },
      });
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 50, available: 50, held: 0 });
      const spend = await f.ledger.transferByKey('hold:h1');
      expect(spend).toMatchObject({ amount: 50, debit: { kind: 'wallet', memberId: 'm1' }, credit: REDEMPTION });
      const moved = await f.db.all<{ amount: number; delta: number }>(
        `SELECT l.amount, m.delta FROM lot_movements m JOIN lots l ON l.id = m.lot_id
         WHERE m.transfer_id = ? ORDER BY l.expires_at`,
        [spend?.id ?? 0],
      );
      expect(moved).toEqual([
        { amount: 40, delta: -40 },
        { amount: 60, delta: -10 },
      ]);
      // A replay answers the first capture; another amount, or a void, is refused.
      expect(await holds.capture({ key: 'h1', points: 50, reason: spendReason })).toMatchObject({
        ok: true,
        value: { replayed: true },
      });
      expect(await holds.capture({ key: 'h1', points: 40, reason: spendReason })).toMatchObject({
        ok: false,
        error: { code: 'hold_captured' },
      });
      expect(await holds.void('h1')).toMatchObject({ ok: false, error: { code: 'hold_captured' } });
      expect(await invariantViolations(f.db)).toEqual([]);
    });

    it('voids: every point comes back; a voided hold cannot be captured', async () => {
      await credit('m1', 100, 'c1');
      await place('h1', 100);
      expect(await holds.void('h1')).toMatchObject({ ok: true, value: { hold: { status: 'voided' } } });
      expect(await holds.void('h1')).toMatchObject({ ok: true, value: { replayed: true } });
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 100, available: 100, held: 0 });
      const before = await transferCount(f.db);
      expect(await holds.capture({ key: 'h1', points: 10, reason: spendReason })).toMatchObject({
        ok: false,
        error: { code: 'hold_voided' },
      });
      expect(await transferCount(f.db)).toBe(before);
    });

    it('an expired hold releases itself at once, and the sweep marks it', async () => {
      await credit('m1', 100, 'c1');
      await place('h1', 100, 60);
      f.clock.advance(60_000);
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 100, available: 100, held: 0 });
      expect(await holds.capture({ key: 'h1', points: 10, reason: spendReason })).toMatchObject({
        ok: false,
        error: { code: 'hold_expired' },
      });
      expect(await holds.void('h1')).toMatchObject({ ok: false, error: { code: 'hold_expired' } });
      expect(await f.ledger.debit('m1', { key: 'd1', pointType: 'bonus', amount: 100, reason })).toMatchObject({
        ok: true,
      });
      expect(await holds.expireDue()).toEqual({ expired: 1 });
      expect(await holds.expireDue()).toEqual({ expired: 0 });
      expect(await holds.hold('h1')).toMatchObject({ status: 'expired', settledAt: f.clock.now() });
    });

    it('keeps held points even when lots expire while the hold is pending', async () => {
      // 60 points expire at the next local midnight; the hold outlives it, so only the 50 that stay count.
      await f.ledger.credit('m1', {
        key: 'c-short',
        pointType: 'bonus',
        amount: 60,
        reason,
        lifetime: { kind: 'days', days: 1 },
      });
      await credit('m1', 50, 'c-long');
      const midnight = Number((await f.db.first<{ e: number }>('SELECT MIN(expires_at) AS e FROM lots'))?.e);
      f.clock.set(midnight - 60_000);
      expect(await place('h1', 51, 120)).toMatchObject({ ok: false, error: { code: 'insufficient_points' } });
      expect(await place('h1', 50, 120)).toMatchObject({ ok: true });
      // The 60 short-lived points can't be spent while they would leave the hold short after midnight...
      expect(await f.ledger.debit('m1', { key: 'd1', pointType: 'bonus', amount: 1, reason })).toMatchObject({
        ok: false,
        error: { code: 'insufficient_points' },
      });
      f.clock.set(midnight + 1);
      expect(await f.ledger.expire()).toMatchObject({ lotsExpired: 1 });
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 50, available: 0, held: 50 });
      expect(await holds.capture({ key: 'h1', points: 50, reason: spendReason })).toMatchObject({ ok: true });
      expect(await invariantViolations(f.db)).toEqual([]);
    });

    it('places a hold once per key: a replay answers the first, another body hold_conflict', async () => {
      await credit('m1', 100, 'c1');
      const first = await place('h1', 60);
      expect(await place('h1', 60)).toEqual({
        ok: true,
        value: { hold: first.ok && first.value.hold, replayed: true },
      });
      expect(await place('h1', 61)).toMatchObject({ ok: false, error: { code: 'hold_conflict' } });
      expect(await place('h1', 60, 300, 'm2')).toMatchObject({ ok: false, error: { code: 'hold_conflict' } });
      expect(await place('h9', 10, 300, 'nobody')).toMatchObject({ ok: false, error: { code: 'insufficient_points' } });
      expect(await place('h9', 10, 901)).toMatchObject({ ok: false, error: { code: 'invalid_expiry' } });
      expect(await place('h9', 0)).toMatchObject({ ok: false, error: { code: 'invalid_points' } });
    });

    it('a capped debit takes what the wallet can spend, never held points, and nothing when that is 0', async () => {
      await credit('m1', 100, 'c1');
      await place('h1', 70);
      const debit = (key: string, max: number) =>
        f.db.batch([
          holds.cappedDebit({
            key,
            memberId: 'm1',
            pointType: 'bonus',
            to: { kind: 'issuance' },
            reason,
            max: stmt('?', max),
          }),
        ]);
      expect(await debit('x1', 50)).toMatchObject({ ok: true });
      expect(await f.ledger.transferByKey('x1')).toMatchObject({ amount: 30 });
      expect(await debit('x2', 50)).toMatchObject({ ok: true });
      expect(await f.ledger.transferByKey('x2')).toBeUndefined();
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 70, available: 0, held: 70 });
    });

    it('10 holds of 30 at once on 100 points: exactly 3 succeed', async () => {
      await credit('m1', 100, 'c1');
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => place(`c${i}`, 30)));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(
        Array(7).fill('insufficient_points'),
      );
      expect(await balance()).toEqual({ pointType: 'bonus', balance: 100, available: 10, held: 90 });
    });
  });
}
