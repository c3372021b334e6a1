// Property test of the ledger: random command sequences run against the real Ledger and against LedgerModel, with
// the ledger's invariants checked on the database after every step. Only the database factory is a parameter, so
// the same properties can run on better-sqlite3 (test/app/ledger.property.test.ts) or on D1 under workerd.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/kernel/database.js';
import type { Result } from '../../src/kernel/result.js';
import { DAY_MS } from '../../src/kernel/time.js';
import { campaignBudget, ISSUANCE, REDEMPTION, wallet } from '../../src/ledger/domain/accounts.js';
import type { LedgerRefusal, LedgerRefusalCode } from '../../src/ledger/domain/errors.js';
import type { LotLifetime } from '../../src/ledger/domain/point-type.js';
import type { ReasonCode } from '../../src/ledger/domain/reasons.js';
import type { Ledger, TransferOutcome } from '../../src/ledger/service.js';
import type { TransferRecord } from '../../src/ledger/store.js';
import { invariantViolations, type LedgerFixture, ledgerFixture, TZ, transferCount } from './ledger-fixture.js';
import { accountKey, LedgerModel, type ModelMove, type ModelOutcome, type ModelTransfer } from './ledger-model.js';

export const MEMBERS = ['ann', 'bob', 'cy', 'dee'] as const;
export const CAMPAIGN = 'summer';

/** Refusals a random but well-formed command may meet. Anything else (or anything thrown) fails the property. */
export const EXPECTED_REFUSALS: readonly LedgerRefusalCode[] = [
  'insufficient_points',
  'budget_exhausted',
  'already_reversed',
  'not_reversible',
  'idempotency_conflict',
  'unknown_account',
  'same_account',
];

type Member = (typeof MEMBERS)[number];
type PointTypeCode = 'bonus' | 'diamond';

export type Command =
  | { t: 'credit'; member: Member; pointType: PointTypeCode; amount: number; lifetimeDays: number | null }
  | { t: 'debit'; member: Member; pointType: PointTypeCode; amount: number }
  | { t: 'transfer'; from: Member; to: Member; pointType: PointTypeCode; amount: number }
  /** Issuance -> the campaign budget (bonus points). */
  | { t: 'fund'; amount: number }
  /** The campaign budget -> a wallet. */
  | { t: 'claim'; member: Member; amount: number }
  | { t: 'reverse'; pick: number }
  | { t: 'expire' }
  /** Re-sends an earlier keyed command; with `bump` > 0 and a move, the same key with a bigger amount. */
  | { t: 'replay'; pick: number; bump: number }
  | { t: 'advance'; ms: number };

const member = fc.constantFrom(...MEMBERS);
const pointType = fc.constantFrom<PointTypeCode>('bonus', 'diamond');
const amount = fc.integer({ min: 1, max: 500 });

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('credit' as const),
      member,
      pointType,
      amount,
      lifetimeDays: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null, freq: 2 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('debit' as const), member, pointType, amount }) },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('transfer' as const), from: member, to: member, pointType, amount }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('fund' as const), amount }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('claim' as const), member, amount: fc.integer({ min: 1, max: 200 }) }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ t: 'expire' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('replay' as const),
      pick: fc.nat(),
      bump: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5 * DAY_MS }) }),
  },
);

/** A command the runner can send again: a move, or a reversal of a transfer id. */
type Keyed = { kind: 'move'; move: ModelMove } | { kind: 'reverse'; key: string; transferId: number };

/** How often each command met each outcome, across all runs in this process (print it to judge the generators). */
export const coverage = new Map<string, number>();
const count = (label: string) => coverage.set(label, (coverage.get(label) ?? 0) + 1);

const reasonOf = (code: ReasonCode) => ({ code, params: { by: 'property' } });

export interface PropertyOptions {
  numRuns: number;
  maxCommands?: number;
  seed?: number;
}

export function ledgerProperties(driver: string, makeDb: () => Promise<Database>, options: PropertyOptions): void {
  describe(`ledger properties on ${driver}`, () => {
    it('keeps its invariants and matches the model under random commands', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(commandArb, { minLength: 1, maxLength: options.maxCommands ?? 60, size: 'max' }),
          fc.integer({ min: 1, max: 10 }),
          async (commands, historyPageSize) => {
            await runSequence(await makeDb(), commands, historyPageSize);
          },
        ),
        { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
      );
    });
  });
}

/** Runs one command sequence; throws (with the step and command) at the first broken expectation. */
export async function runSequence(db: Database, commands: readonly Command[], historyPageSize: number): Promise<void> {
  const f = await ledgerFixture(db);
  const opened = await f.ledger.openAccount(campaignBudget(CAMPAIGN), 'bonus');
  if (!opened.ok) throw new Error(`campaign budget refused: ${opened.error.code}`);
  const lifetimes = new Map<string, LotLifetime>((await f.ledger.pointTypes()).map((p) => [p.code, p.lifetime]));
  const model = new LedgerModel(lifetimes, TZ);
  model.open(campaignBudget(CAMPAIGN), 'bonus');
  const keyed: Keyed[] = [];
  /** The record the Ledger returned when each key was first applied: a replay must return exactly this. */
  const recorded = new Map<string, TransferRecord>();

  for (const [i, command] of commands.entries()) {
    try {
      await step(f, model, command, i, keyed, recorded);
      await checkInvariants(f, model, historyPageSize);
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      throw new Error(`step ${i} ${JSON.stringify(command)}: ${m}`, { cause: e });
    }
  }
  if (model.lots.some((l) => l.restorations > 0 && l.expiresAt !== null && l.expiresAt <= f.clock.now()))
    count('lots:restored-after-expiry');
}

async function step(
  f: LedgerFixture,
  model: LedgerModel,
  command: Command,
  i: number,
  keyed: Keyed[],
  recorded: Map<string, TransferRecord>,
): Promise<void> {
  const key = `k${i}`;
  count(command.t);
  const now = () => f.clock.now();
  const before = await transferCount(f.db);
  const move = (m: Omit<ModelMove, 'key'>): ModelMove => ({ key, ...m });

  switch (command.t) {
    case 'advance':
      f.clock.advance(command.ms);
      break;
    case 'expire': {
      const expected = model.expire(now());
      const r = await f.ledger.expire();
      expect(r.lotsExpired, 'lots expired').toBe(expected.length);
      count(`expire:${expected.length > 0 ? 'some' : 'none'}`);
      expect(await transferCount(f.db), 'transfers written by the sweep').toBe(before + expected.length);
      return;
    }
    case 'credit':
      await sendMove(
        f,
        model,
        move({
          pointType: command.pointType,
          debit: ISSUANCE,
          credit: wallet(command.member),
          amount: command.amount,
          reasonCode: 'checkin',
          ...(command.lifetimeDays === null ? {} : { lifetime: { kind: 'days', days: command.lifetimeDays } }),
        }),
        keyed,
        recorded,
      );
      return;
    case 'debit':
      await sendMove(
        f,
        model,
        move({
          pointType: command.pointType,
          debit: wallet(command.member),
          credit: REDEMPTION,
          amount: command.amount,
          reasonCode: 'coupon',
        }),
        keyed,
        recorded,
      );
      return;
    case 'transfer':
      await sendMove(
        f,
        model,
        move({
          pointType: command.pointType,
          debit: wallet(command.from),
          credit: wallet(command.to),
          amount: command.amount,
          reasonCode: 'transfer',
        }),
        keyed,
        recorded,
      );
      return;
    case 'fund':
      await sendMove(
        f,
        model,
        move({
          pointType: 'bonus',
          debit: ISSUANCE,
          credit: campaignBudget(CAMPAIGN),
          amount: command.amount,
          reasonCode: 'budget_funding',
        }),
        keyed,
        recorded,
      );
      return;
    case 'claim':
      await sendMove(
        f,
        model,
        move({
          pointType: 'bonus',
          debit: campaignBudget(CAMPAIGN),
          credit: wallet(command.member),
          amount: command.amount,
          reasonCode: 'giveaway',
        }),
        keyed,
        recorded,
      );
      return;
    case 'reverse': {
      const target = model.transfers[command.pick % Math.max(model.transfers.length, 1)];
      if (!target) break;
      await sendReverse(f, model, key, target.id, keyed, recorded);
      return;
    }
    case 'replay': {
      const earlier = keyed[command.pick % Math.max(keyed.length, 1)];
      if (!earlier) break;
      if (earlier.kind === 'reverse') {
        await sendReverse(f, model, earlier.key, earlier.transferId, keyed, recorded);
      } else {
        await sendMove(
          f,
          model,
          { ...earlier.move, amount: earlier.move.amount + command.bump },
          keyed,
          recorded,
          command.bump > 0,
        );
      }
      return;
    }
  }
  // A clock advance, or a reversal or replay with nothing to pick yet: nothing sent, nothing written.
  expect(await transferCount(f.db), 'nothing written').toBe(before);
}

async function sendMove(
  f: LedgerFixture,
  model: LedgerModel,
  m: ModelMove,
  keyed: Keyed[],
  recorded: Map<string, TransferRecord>,
  isVariant = false,
): Promise<void> {
  const before = await transferCount(f.db);
  const expected = model.apply(m, f.clock.now());
  const cmd = {
    key: m.key,
    pointType: m.pointType,
    amount: m.amount,
    reason: reasonOf(m.reasonCode),
    ...(m.lifetime ? { lifetime: m.lifetime } : {}),
  };
  const debitBalance = model.accounts.find((a) => accountKey(a.ref, a.pointType) === accountKey(m.debit, m.pointType));
  if (
    expected.kind === 'refused' &&
    expected.code === 'insufficient_points' &&
    (debitBalance?.balance ?? 0) >= m.amount
  )
    count('insufficient:expired-lots-unswept');
  const actual = await f.ledger.move({ ...cmd, from: m.debit, to: m.credit });
  if (!isVariant) keyed.push({ kind: 'move', move: m });
  await compare(f, expected, actual, before, recorded);
}

async function sendReverse(
  f: LedgerFixture,
  model: LedgerModel,
  key: string,
  transferId: number,
  keyed: Keyed[],
  recorded: Map<string, TransferRecord>,
): Promise<void> {
  const before = await transferCount(f.db);
  const original = model.transferById(transferId);
  if (!original) throw new Error(`no transfer ${transferId} in the model`);
  const expected = model.apply(
    {
      key,
      pointType: original.pointType,
      debit: original.credit,
      credit: original.debit,
      amount: original.amount,
      reasonCode: 'reversal',
      reversesTransferId: original.id,
    },
    f.clock.now(),
  );
  if (expected.kind !== 'refused') count(`reverse:${expected.kind}:${original.debit.kind}->${original.credit.kind}`);
  const actual = await f.ledger.reverse(transferId, { key });
  keyed.push({ kind: 'reverse', key, transferId });
  await compare(f, expected, actual, before, recorded);
}

async function compare(
  f: LedgerFixture,
  expected: ModelOutcome,
  actual: Result<TransferOutcome, LedgerRefusal>,
  before: number,
  recorded: Map<string, TransferRecord>,
): Promise<void> {
  const after = await transferCount(f.db);
  count(`outcome:${actual.ok ? (actual.value.replayed ? 'replayed' : 'ok') : actual.error.code}`);
  if (!actual.ok) {
    expect(EXPECTED_REFUSALS, `unexpected refusal ${actual.error.code}`).toContain(actual.error.code);
    expect(after, 'a refusal writes nothing').toBe(before);
  }
  const got = actual.ok
    ? { kind: actual.value.replayed ? 'replayed' : 'ok', id: actual.value.transfer.id }
    : { kind: 'refused', code: actual.error.code };
  const want =
    expected.kind === 'refused'
      ? { kind: 'refused', code: expected.code }
      : { kind: expected.kind, id: expected.transfer.id };
  expect(got, 'outcome').toEqual(want);
  if (!actual.ok || expected.kind === 'refused') return;
  const record = actual.value.transfer;
  if (expected.kind === 'replayed') {
    expect(after, 'a replay writes nothing').toBe(before);
    expect(record, 'a replay returns the first result').toEqual(recorded.get(record.key));
    return;
  }
  expect(after, 'an applied command writes one transfer').toBe(before + 1);
  expect(record, 'recorded transfer').toMatchObject(recordShape(expected.transfer));
  recorded.set(record.key, record);
}

function recordShape(t: ModelTransfer) {
  return {
    id: t.id,
    key: t.key,
    pointType: t.pointType,
    debit: t.debit,
    credit: t.credit,
    amount: t.amount,
    reason: { code: t.reasonCode },
    reversesTransferId: t.reversesTransferId,
    lotExpiresAt: t.lotExpiresAt,
  };
}

/** The ledger's invariants, read from the database only, then the database against the model. */
export async function checkInvariants(f: LedgerFixture, model: LedgerModel, historyPageSize: number): Promise<void> {
  const { db, ledger } = f;
  // Per point type, all balances sum to zero.
  const sums = await db.all<{ point_type: string; s: number }>(
    'SELECT point_type, SUM(balance) AS s FROM accounts GROUP BY point_type',
  );
  for (const r of sums) expect(r.s, `sum of ${r.point_type} balances`).toBe(0);
  // No wallet or budget below zero; each wallet's balance is the sum of its lots; lots only in wallets.
  expect(await invariantViolations(db), 'invariant violations').toEqual([]);
  // An idempotency key is used at most once.
  expect(
    await db.all('SELECT idempotency_key, COUNT(*) AS n FROM transfers GROUP BY idempotency_key HAVING n > 1'),
    'duplicate idempotency keys',
  ).toEqual([]);

  // History explains every change: paging through a member's history adds up to each wallet's balance.
  const wallets = await db.all<{ owner: string; point_type: string; balance: number }>(
    "SELECT owner, point_type, balance FROM accounts WHERE kind = 'wallet' ORDER BY owner, point_type",
  );
  for (const memberId of new Set(wallets.map((w) => w.owner))) {
    const entries = await fullHistory(ledger, memberId, historyPageSize);
    const ids = entries.map((e) => e.transferId);
    expect(
      ids.every((id, j) => j === 0 || id < (ids[j - 1] ?? 0)),
      `${memberId} history strictly newest first`,
    ).toBe(true);
    for (const w of wallets.filter((x) => x.owner === memberId)) {
      const sum = entries.filter((e) => e.pointType === w.point_type).reduce((s, e) => s + e.delta, 0);
      expect(sum, `history of ${memberId}/${w.point_type} adds up to its balance`).toBe(w.balance);
    }
    // ...and it is exactly the model's list of transfers that touched the member's wallets.
    const expected = [...model.transfers]
      .reverse()
      .flatMap((t) =>
        t.credit.kind === 'wallet' && t.credit.memberId === memberId
          ? [{ transferId: t.id, pointType: t.pointType, delta: t.amount, code: t.reasonCode }]
          : t.debit.kind === 'wallet' && t.debit.memberId === memberId
            ? [{ transferId: t.id, pointType: t.pointType, delta: -t.amount, code: t.reasonCode }]
            : [],
      );
    expect(
      entries.map((e) => ({ transferId: e.transferId, pointType: e.pointType, delta: e.delta, code: e.reason.code })),
      `${memberId} history`,
    ).toEqual(expected);
  }

  // The database against the model: every account balance, every lot.
  const accounts = await db.all<{ kind: string; owner: string; point_type: string; balance: number }>(
    'SELECT kind, owner, point_type, balance FROM accounts',
  );
  const dbAccounts = Object.fromEntries(accounts.map((a) => [`${a.kind}:${a.owner}:${a.point_type}`, a.balance]));
  const modelAccounts = Object.fromEntries(model.accounts.map((a) => [accountKey(a.ref, a.pointType), a.balance]));
  expect(dbAccounts, 'account balances').toEqual(modelAccounts);
  const lots = await db.all<{
    id: number;
    account: string;
    source_transfer_id: number;
    amount: number;
    remaining: number;
    expires_at: number | null;
    restorations: number;
  }>(
    `SELECT l.id, a.kind || ':' || a.owner || ':' || a.point_type AS account, l.source_transfer_id, l.amount,
       l.remaining, l.expires_at, l.restorations
     FROM lots l JOIN accounts a ON a.id = l.account_id ORDER BY l.id`,
  );
  expect(
    lots.map((l) => ({
      id: l.id,
      account: l.account,
      sourceTransferId: l.source_transfer_id,
      amount: l.amount,
      remaining: l.remaining,
      expiresAt: l.expires_at,
      restorations: l.restorations,
    })),
    'lots',
  ).toEqual(model.lots);

  // What each member sees: balance and what can be spent now.
  const now = f.clock.now();
  for (const memberId of MEMBERS) {
    const shown = await ledger.balances(memberId);
    const want = model.accounts
      .filter((a) => a.ref.kind === 'wallet' && a.ref.memberId === memberId)
      .map((a) => ({
        pointType: a.pointType,
        balance: a.balance,
        available: model.available(memberId, a.pointType, now),
        held: 0,
      }))
      .sort((a, b) => a.pointType.localeCompare(b.pointType));
    expect(shown, `${memberId} balances`).toEqual(want);
  }
}

async function fullHistory(ledger: Ledger, memberId: string, limit: number) {
  const entries = [];
  let beforeId: number | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await ledger.history(memberId, { limit, beforeId });
    entries.push(...page.entries);
    if (page.nextBeforeId === null) return entries;
    beforeId = page.nextBeforeId;
  }
  throw new Error('history does not end');
}
