// Property test of holds, purchases and refunds: random credits, spends, holds, captures, voids, hold and lot expiry,
// purchases (some capturing a hold), replays and refunds under a moving clock, through the real services (the same
// ones the store API calls) on one database. After every step the invariants are read from the database: available
// is never negative, captured <= held, expired holds count for nothing, every account sums to zero per point type,
// each wallet equals its lots, refunds stay within what a purchase earned (and are exactly proportional). Refusals
// are the expected ones and write nothing; a hold's capture and void answer as a small model of the hold predicts.
// Only the database factory is a parameter: better-sqlite3 (test/app/purchases.property.test.ts) and D1 under workerd
// (test/workers/purchases.property.d1.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Database } from '../../src/kernel/database.js';
import { composeServices, type Services } from '../../src/main/compose.js';
import { parseConfig } from '../../src/main/config.js';
import { seedDemoProgram } from '../../src/main/demo-seed.js';
import { invariantViolations } from './ledger-fixture.js';
import { seedLineMembers } from './seed-members.js';

const MEMBERS = [0, 1, 2] as const;
const code = (m: number) => String(1_000_000_000 + m);
const STORE = 'xinyi';
const MINUTE = 60_000;
/** 2026-03-03 09:00 Taipei: two days before a member day (the demo's 5th at 3x). */
const T0 = Date.UTC(2026, 2, 3, 1, 0, 0);

type Command =
  | { t: 'credit'; m: number; amount: number; days: number | null }
  | { t: 'spend'; m: number; amount: number }
  /** Spends everything the member can spend now (so a refund meets an empty wallet). */
  | { t: 'spendAll'; m: number }
  | { t: 'hold'; m: number; points: number; seconds: number }
  /** Captures `percent` of what the hold holds (over 100: more than it holds). */
  | { t: 'capture'; pick: number; percent: number }
  | { t: 'void'; pick: number }
  | { t: 'sweepHolds' }
  | { t: 'sweepLots' }
  /** With a hold: of its own member unless `other`; `holdPercent` of it (null: all of it). */
  | { t: 'purchase'; m: number; amount: number; hold: number | null; holdPercent: number | null; other: boolean }
  | { t: 'replay'; pick: number; bump: number }
  | { t: 'refund'; pick: number; percent: number; again: boolean }
  | { t: 'advance'; ms: number };

const m = fc.constantFrom(...MEMBERS);
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('credit' as const),
      m,
      amount: fc.integer({ min: 1, max: 300 }),
      days: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('spend' as const), m, amount: fc.integer({ min: 1, max: 200 }) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('hold' as const),
      m,
      points: fc.integer({ min: 1, max: 150 }),
      seconds: fc.integer({ min: 1, max: 900 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('capture' as const),
      pick: fc.nat(),
      percent: fc.integer({ min: 1, max: 110 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('spendAll' as const), m }) },
  { weight: 1, arbitrary: fc.constant({ t: 'sweepHolds' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'sweepLots' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('purchase' as const),
      m,
      amount: fc.oneof(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 1_000_000 })),
      hold: fc.option(fc.nat(), { nil: null, freq: 2 }),
      holdPercent: fc.option(fc.integer({ min: 1, max: 110 }), { nil: null }),
      other: fc.constantFrom(false, false, false, false, true),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('replay' as const),
      pick: fc.nat(),
      bump: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('refund' as const),
      pick: fc.nat(),
      percent: fc.integer({ min: 1, max: 120 }),
      again: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('advance' as const),
      ms: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 5 * MINUTE }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 * 86_400_000 }) },
      ),
    }),
  },
);

/** A hold as the model sees it: enough to predict what capture and void answer. */
interface ModelHold {
  id: string;
  member: number;
  amount: number;
  expiresAt: number;
  status: 'pending' | 'captured' | 'voided' | 'expired';
  captured: number;
}

interface Run {
  services: Services;
  clock: ManualClock;
  db: Database;
  holds: ModelHold[];
  purchases: { receipt: string; body: Record<string, unknown>; amount: number }[];
  refunds: { receipt: string; refund: string; amount: number }[];
}

export const coverage = new Map<string, number>();
const count = (label: string) => coverage.set(label, (coverage.get(label) ?? 0) + 1);

export function purchaseProperties(
  driver: string,
  makeDb: () => Promise<Database>,
  options: { numRuns: number; maxCommands: number },
): void {
  describe(`holds, purchases and refunds properties on ${driver}`, () => {
    it('keep the ledger balanced, available >= 0, holds within what they hold, refunds within what was earned', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(commandArb, { minLength: 1, maxLength: options.maxCommands, size: 'max' }),
          async (commands) => {
            const run = await start(await makeDb());
            for (const [i, c] of commands.entries()) {
              try {
                await step(run, c, i);
                await checkInvariants(run);
              } catch (e) {
                throw new Error(`step ${i} ${JSON.stringify(c)}: ${e instanceof Error ? e.message : String(e)}`, {
                  cause: e,
                });
              }
            }
          },
        ),
        { numRuns: options.numRuns },
      );
    });
  });
}

async function start(db: Database): Promise<Run> {
  const clock = new ManualClock(T0);
  const silent = { info() {}, warn() {}, error() {} };
  const services = composeServices({
    config: parseConfig({ PUBLIC_BASE_URL: 'https://pl.example' }),
    db,
    clock,
    log: silent,
    qr: { memberQrUrl: async (c) => `https://pl.example/qr/${c}.png` },
    senders: {},
    profiles: {},
  });
  await seedDemoProgram(services, clock.now());
  await seedLineMembers(db, MEMBERS.length);
  // m0 and m1 start with points (m0's expire in a day), m2 with none.
  for (const [i, lifetime] of [
    [0, 1],
    [1, null],
  ] as const) {
    const r = await services.ledger.credit(`m${i}`, {
      key: `seed-${i}`,
      pointType: 'bonus',
      amount: 300,
      reason: { code: 'adjustment' },
      ...(lifetime !== null && { lifetime: { kind: 'days', days: lifetime } }),
    });
    if (!r.ok) throw new Error(r.error.code);
  }
  return { services, clock, db, holds: [], purchases: [], refunds: [] };
}

/** Everything a refused command must leave as it was. */
async function fingerprint(db: Database): Promise<unknown> {
  return db.first(
    `SELECT (SELECT COUNT(*) FROM transfers) AS transfers, (SELECT COUNT(*) FROM holds) AS holds,
       (SELECT COUNT(*) FROM holds WHERE status = 'pending') AS pending, (SELECT COUNT(*) FROM purchases) AS purchases,
       (SELECT COUNT(*) FROM purchase_refunds) AS refunds, (SELECT COUNT(*) FROM outbox) AS outbox`,
  );
}

async function step(run: Run, c: Command, i: number): Promise<void> {
  count(c.t);
  const { services: s, clock } = run;
  const before = await fingerprint(run.db);
  const refused = async (code: string, allowed: readonly string[]) => {
    count(`${c.t}:${code}`);
    expect(allowed, `${c.t} refused with ${code}`).toContain(code);
    expect(await fingerprint(run.db), 'a refusal writes nothing').toEqual(before);
  };
  switch (c.t) {
    case 'advance':
      clock.advance(c.ms);
      return;
    case 'sweepHolds': {
      const due = run.holds.filter((h) => h.status === 'pending' && h.expiresAt <= clock.now());
      expect(await s.commerce.holds.expireDue()).toEqual({ expired: due.length });
      for (const h of due) h.status = 'expired';
      return;
    }
    case 'sweepLots':
      await s.ledger.expire();
      return;
    case 'credit': {
      const r = await s.ledger.credit(`m${c.m}`, {
        key: `c${i}`,
        pointType: 'bonus',
        amount: c.amount,
        reason: { code: 'adjustment' },
        ...(c.days !== null && { lifetime: { kind: 'days', days: c.days } }),
      });
      expect(r.ok).toBe(true);
      return;
    }
    case 'spend': {
      const r = await s.ledger.debit(`m${c.m}`, {
        key: `d${i}`,
        pointType: 'bonus',
        amount: c.amount,
        reason: { code: 'coupon' },
      });
      // unknown_account: a member whose wallet was never opened (no credit yet).
      if (!r.ok) return refused(r.error.code, ['insufficient_points', 'unknown_account']);
      count('spend:ok');
      return;
    }
    case 'spendAll': {
      const available = (await s.ledger.balances(`m${c.m}`)).find((b) => b.pointType === 'bonus')?.available ?? 0;
      if (available === 0) return;
      const r = await s.ledger.debit(`m${c.m}`, {
        key: `a${i}`,
        pointType: 'bonus',
        amount: available,
        reason: { code: 'coupon' },
      });
      expect(r.ok, 'what balances call available can be spent').toBe(true);
      return;
    }
    case 'hold':
      return hold(run, c, i, refused);
    case 'capture':
      return capture(run, c, refused);
    case 'void':
      return voidHold(run, c, refused);
    case 'purchase':
      return purchase(run, c, i, refused);
    case 'replay':
      return replay(run, c, refused);
    case 'refund':
      return refund(run, c, i, refused);
  }
}

type Refused = (code: string, allowed: readonly string[]) => Promise<void>;

async function hold(run: Run, c: Extract<Command, { t: 'hold' }>, i: number, refused: Refused): Promise<void> {
  const id = `H${i}`;
  const r = await run.services.commerce.checkout.place(STORE, {
    hold: id,
    member: { memberCode: code(c.m) },
    pointType: 'bonus',
    points: c.points,
    expiresInSeconds: c.seconds,
  });
  if (!r.ok) return refused(r.error.code, ['insufficient_points']);
  count('hold:ok');
  const now = run.clock.now();
  run.holds.push({
    id,
    member: c.m,
    amount: c.points,
    expiresAt: now + c.seconds * 1000,
    status: 'pending',
    captured: 0,
  });
}

/** What a capture of `points` answers, as the model of the hold says. */
function expectedCapture(h: ModelHold, points: number, now: number): string {
  if (points > h.amount) return 'capture_exceeds_hold';
  if (h.status === 'captured') return h.captured === points ? 'replayed' : 'hold_captured';
  if (h.status === 'voided') return 'hold_voided';
  if (h.status === 'expired' || h.expiresAt <= now) return 'hold_expired';
  return 'ok';
}

const share = (amount: number, percent: number) => Math.max(1, Math.ceil((amount * percent) / 100));

async function capture(run: Run, c: Extract<Command, { t: 'capture' }>, refused: Refused): Promise<void> {
  const h = run.holds[c.pick % Math.max(run.holds.length, 1)];
  if (!h) return;
  const points = share(h.amount, c.percent);
  const want = expectedCapture(h, points, run.clock.now());
  const r = await run.services.commerce.checkout.capture(STORE, h.id, { points, receipt: 'till' });
  const got = r.ok ? (r.value.replayed ? 'replayed' : 'ok') : r.error.code;
  expect(got, 'capture').toBe(want);
  if (!r.ok) return refused(r.error.code, [want]);
  count(`capture:${got}`);
  h.status = 'captured';
  h.captured = points;
}

async function voidHold(run: Run, c: Extract<Command, { t: 'void' }>, refused: Refused): Promise<void> {
  const h = run.holds[c.pick % Math.max(run.holds.length, 1)];
  if (!h) return;
  const now = run.clock.now();
  const want =
    h.status === 'captured'
      ? 'hold_captured'
      : h.status === 'voided'
        ? 'replayed'
        : h.status === 'expired' || h.expiresAt <= now
          ? 'hold_expired'
          : 'ok';
  const r = await run.services.commerce.checkout.void(STORE, h.id);
  const got = r.ok ? (r.value.replayed ? 'replayed' : 'ok') : r.error.code;
  expect(got, 'void').toBe(want);
  if (!r.ok) return refused(r.error.code, [want]);
  count(`void:${got}`);
  h.status = 'voided';
}

async function purchase(run: Run, c: Extract<Command, { t: 'purchase' }>, i: number, refused: Refused): Promise<void> {
  const h = c.hold === null ? undefined : run.holds[c.hold % Math.max(run.holds.length, 1)];
  const member = h && !c.other ? h.member : c.m;
  const receipt = `R${i}`;
  const points = h && c.holdPercent !== null ? share(h.amount, c.holdPercent) : h?.amount;
  const holdRef = h ? (c.holdPercent === null ? h.id : { id: h.id, points: points ?? 0 }) : undefined;
  const body = { receipt, member: { memberCode: code(member) }, amount: c.amount, ...(holdRef && { hold: holdRef }) };
  const want = !h
    ? 'ok'
    : h.member !== member
      ? 'hold_wrong_member'
      : expectedCapture(h, points ?? 0, run.clock.now()).replace('replayed', 'hold_captured');
  const r = await run.services.commerce.purchases.purchase(STORE, body);
  const got = r.ok ? 'ok' : r.error.code;
  expect(got, 'purchase').toBe(want);
  if (!r.ok) return refused(r.error.code, [want]);
  count(`purchase:${h ? 'with-hold' : 'plain'}:${r.value.earned.some((e) => e.multiplier) ? 'x3' : 'x1'}`);
  run.purchases.push({ receipt, body, amount: c.amount });
  if (h) {
    h.status = 'captured';
    h.captured = points ?? 0;
  }
}

async function replay(run: Run, c: Extract<Command, { t: 'replay' }>, refused: Refused): Promise<void> {
  const p = run.purchases[c.pick % Math.max(run.purchases.length, 1)];
  if (!p) return;
  const body = { ...p.body, amount: p.amount + c.bump } as Parameters<Services['commerce']['purchases']['purchase']>[1];
  const r = await run.services.commerce.purchases.purchase(STORE, body);
  if (c.bump === 0) {
    expect(r.ok && r.value.replayed, 'a replay answers the first purchase').toBe(true);
    count('replay:same');
    return;
  }
  expect(r.ok ? 'ok' : r.error.code).toBe('receipt_conflict');
  if (!r.ok) await refused(r.error.code, ['receipt_conflict']);
}

async function refund(run: Run, c: Extract<Command, { t: 'refund' }>, i: number, refused: Refused): Promise<void> {
  const earlier = c.again ? run.refunds[c.pick % Math.max(run.refunds.length, 1)] : undefined;
  const p = earlier
    ? run.purchases.find((x) => x.receipt === earlier.receipt)
    : run.purchases[c.pick % Math.max(run.purchases.length, 1)];
  if (!p) return;
  const amount = earlier ? earlier.amount : Math.max(1, Math.floor((p.amount * c.percent) / 100));
  const id = earlier ? earlier.refund : `F${i}`;
  const refunded = run.refunds
    .filter((r) => r.receipt === p.receipt && r.refund !== id)
    .reduce((s, r) => s + r.amount, 0);
  const r = await run.services.commerce.refunds.refund(STORE, p.receipt, { refund: id, amount });
  if (earlier) {
    expect(r.ok && r.value.replayed, 'a replayed refund answers the first').toBe(true);
    count('refund:replayed');
    return;
  }
  if (refunded + amount > p.amount) {
    expect(r.ok ? 'ok' : r.error.code).toBe('refund_exceeds_purchase');
    if (!r.ok) await refused(r.error.code, ['refund_exceeds_purchase']);
    return;
  }
  if (!r.ok) throw new Error(`refund refused: ${r.error.code}`);
  count(`refund:${r.value.shortfall > 0 ? 'shortfall' : 'taken'}`);
  for (const line of r.value.reversed) expect(line.taken + line.shortfall).toBe(line.due);
  run.refunds.push({ receipt: p.receipt, refund: id, amount });
}

/** The invariants, read from the database (and the holds' model), after every step. */
export async function checkInvariants(run: Run): Promise<void> {
  const { db, clock } = run;
  const now = clock.now();
  const sums = await db.all<{ point_type: string; s: number }>(
    'SELECT point_type, SUM(balance) AS s FROM accounts GROUP BY point_type',
  );
  for (const r of sums) expect(r.s, `sum of ${r.point_type}`).toBe(0);
  expect(await invariantViolations(db), 'wallets equal their lots, none negative').toEqual([]);
  for (const member of MEMBERS) {
    const shown = (await run.services.ledger.balances(`m${member}`)).find((b) => b.pointType === 'bonus');
    const held = run.holds.filter((h) => h.member === member && h.status === 'pending' && h.expiresAt > now);
    expect(shown?.available ?? 0, `m${member} available`).toBeGreaterThanOrEqual(0);
    expect(shown?.held ?? 0, `m${member} held: only live holds count`).toBe(held.reduce((s, h) => s + h.amount, 0));
    const live = await db.first<{ n: number }>(
      `SELECT COALESCE(SUM(l.remaining), 0) AS n FROM lots l JOIN accounts a ON a.id = l.account_id
       WHERE a.kind = 'wallet' AND a.owner = ? AND l.remaining > 0 AND (l.expires_at IS NULL OR l.expires_at > ?)`,
      [`m${member}`, now],
    );
    expect((live?.n ?? 0) - (shown?.held ?? 0), `m${member} live lots cover what is held`).toBeGreaterThanOrEqual(0);
  }
  const holds = await db.all<{
    hold_key: string;
    status: string;
    amount: number;
    captured: number;
    spent: number | null;
  }>(
    `SELECT h.hold_key, h.status, h.amount, h.captured, t.amount AS spent FROM holds h
     LEFT JOIN transfers t ON t.idempotency_key = h.capture_key ORDER BY h.id`,
  );
  expect(
    holds.map((h) => ({ status: h.status, amount: h.amount, captured: h.captured })),
    'holds',
  ).toEqual(run.holds.map((h) => ({ status: h.status, amount: h.amount, captured: h.captured })));
  for (const h of holds) {
    expect(h.captured, 'captured <= held').toBeLessThanOrEqual(h.amount);
    expect(h.spent ?? 0, 'the capture spent what it says').toBe(h.captured);
  }
  const earnings = await db.all<{
    points: number;
    reversed: number;
    refunded: number;
    amount: number;
    taken: number;
    earned: number;
  }>(
    `SELECT e.points, e.reversed, p.refunded_amount AS refunded, p.amount,
       (SELECT COALESCE(SUM(t.amount), 0) FROM refund_lines l JOIN transfers t ON t.idempotency_key = l.transfer_key
        WHERE l.earning_id = e.id) AS taken,
       (SELECT t.amount FROM transfers t WHERE t.idempotency_key = e.transfer_key) AS earned
     FROM purchase_earnings e JOIN purchases p ON p.id = e.purchase_id`,
  );
  for (const e of earnings) {
    expect(e.earned, 'each earn line is one transfer of its points').toBe(e.points);
    expect(e.refunded).toBeLessThanOrEqual(e.amount);
    expect(e.reversed, 'refunds are due exactly their share').toBe(Math.floor((e.points * e.refunded) / e.amount));
    expect(e.taken, 'refunds take at most what they are due').toBeLessThanOrEqual(e.reversed);
  }
}
