// A plain in-memory model of the ledger as ARCHITECTURE.md "The ledger" describes it: double-entry accounts,
// lots with their own expiry spent earliest-expiring first, reversals that restore the very lots they took from,
// an expiry sweep keyed per lot, and idempotency keys whose replay returns the first result. The property test
// (test/support/ledger-properties.ts) runs the same commands against the model and the real Ledger and compares.
import { type AccountRef, accountOwner, mayGoNegative, sameAccount } from '../../src/ledger/domain/accounts.js';
import type { LedgerRefusalCode } from '../../src/ledger/domain/errors.js';
import { type LotLifetime, lotExpiresAt } from '../../src/ledger/domain/point-type.js';
import type { ReasonCode } from '../../src/ledger/domain/reasons.js';

export const accountKey = (ref: AccountRef, pointType: string): string =>
  `${ref.kind}:${accountOwner(ref)}:${pointType}`;

export interface ModelAccount {
  readonly ref: AccountRef;
  readonly pointType: string;
  balance: number;
}

export interface ModelLot {
  readonly id: number;
  readonly account: string;
  readonly sourceTransferId: number;
  readonly amount: number;
  remaining: number;
  readonly expiresAt: number | null;
  restorations: number;
}

export interface ModelTransfer {
  readonly id: number;
  readonly key: string;
  readonly pointType: string;
  readonly debit: AccountRef;
  readonly credit: AccountRef;
  readonly amount: number;
  readonly reasonCode: ReasonCode;
  readonly reversesTransferId: number | null;
  readonly expiresLotId: number | null;
  readonly lotExpiresAt: number | null;
  readonly movements: readonly { readonly lotId: number; readonly delta: number }[];
}

/** What a command asks the ledger to write (before the key is looked at). */
export interface ModelMove {
  readonly key: string;
  readonly pointType: string;
  readonly debit: AccountRef;
  readonly credit: AccountRef;
  readonly amount: number;
  readonly reasonCode: ReasonCode;
  readonly lifetime?: LotLifetime;
  readonly reversesTransferId?: number;
}

export type ModelOutcome =
  | { readonly kind: 'ok'; readonly transfer: ModelTransfer }
  | { readonly kind: 'replayed'; readonly transfer: ModelTransfer }
  | { readonly kind: 'refused'; readonly code: LedgerRefusalCode };

interface State {
  accounts: Map<string, ModelAccount>;
  lots: ModelLot[];
  transfers: ModelTransfer[];
  nextTransferId: number;
  nextLotId: number;
}

class Refused extends Error {
  constructor(readonly code: LedgerRefusalCode) {
    super(code);
  }
}

export class LedgerModel {
  private s: State = { accounts: new Map(), lots: [], transfers: [], nextTransferId: 1, nextLotId: 1 };
  private readonly byKey = new Map<string, ModelTransfer>();

  constructor(
    private readonly lifetimes: ReadonlyMap<string, LotLifetime>,
    private readonly timeZone: string,
  ) {
    for (const pt of lifetimes.keys()) {
      for (const kind of ['issuance', 'redemption', 'expiry'] as const) this.open({ kind }, pt);
    }
  }

  /** Opens an account outside any transfer (the program accounts, a campaign budget). */
  open(ref: AccountRef, pointType: string): void {
    const k = accountKey(ref, pointType);
    if (!this.s.accounts.has(k)) this.s.accounts.set(k, { ref, pointType, balance: 0 });
  }

  get accounts(): readonly ModelAccount[] {
    return [...this.s.accounts.values()];
  }
  get lots(): readonly ModelLot[] {
    return this.s.lots;
  }
  get transfers(): readonly ModelTransfer[] {
    return this.s.transfers;
  }
  transferById(id: number): ModelTransfer | undefined {
    return this.s.transfers.find((t) => t.id === id);
  }

  /** Points a wallet can spend at `now`: live lots that have not expired. */
  available(memberId: string, pointType: string, now: number): number {
    const k = accountKey({ kind: 'wallet', memberId }, pointType);
    return this.s.lots
      .filter((l) => l.account === k && l.remaining > 0 && (l.expiresAt === null || l.expiresAt > now))
      .reduce((sum, l) => sum + l.remaining, 0);
  }

  /** A move or a reversal, as the Ledger runs it: checks, then key resolution, then the one atomic write. */
  apply(cmd: ModelMove, now: number): ModelOutcome {
    if (sameAccount(cmd.debit, cmd.credit)) return { kind: 'refused', code: 'same_account' };
    const original = this.byKey.get(cmd.key);
    if (original) {
      const same =
        original.pointType === cmd.pointType &&
        original.amount === cmd.amount &&
        sameAccount(original.debit, cmd.debit) &&
        sameAccount(original.credit, cmd.credit) &&
        original.reversesTransferId === (cmd.reversesTransferId ?? null);
      return same ? { kind: 'replayed', transfer: original } : { kind: 'refused', code: 'idempotency_conflict' };
    }
    const lifetime = this.lifetimes.get(cmd.pointType);
    if (!lifetime) return { kind: 'refused', code: 'unknown_point_type' };
    // The Ledger computes a lot expiry for every move into a wallet (a reversal carries none).
    const lotExpiry =
      cmd.credit.kind === 'wallet' && cmd.reversesTransferId === undefined
        ? lotExpiresAt(cmd.lifetime ?? lifetime, now, this.timeZone)
        : null;
    return this.atomically(() => {
      // Wallets open on first credit by a move, inside the same batch (a reversal opens nothing).
      if (cmd.credit.kind === 'wallet' && cmd.reversesTransferId === undefined) this.open(cmd.credit, cmd.pointType);
      return this.post({
        key: cmd.key,
        pointType: cmd.pointType,
        debit: cmd.debit,
        credit: cmd.credit,
        amount: cmd.amount,
        reasonCode: cmd.reasonCode,
        reversesTransferId: cmd.reversesTransferId ?? null,
        expiresLotId: null,
        lotExpiresAt: lotExpiry,
        now,
      });
    });
  }

  /** The expiry sweep: one transfer per lot whose time has come, earliest expiry first. */
  expire(now: number): ModelTransfer[] {
    const due = this.s.lots
      .filter((l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt <= now)
      .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0) || a.id - b.id);
    const written: ModelTransfer[] = [];
    for (const lot of due) {
      const key = `expiry:${lot.id}:${lot.restorations}`;
      if (this.byKey.has(key)) continue;
      const wallet = this.s.accounts.get(lot.account);
      if (!wallet) throw new Error(`model: lot ${lot.id} without account`);
      const outcome = this.atomically(() =>
        this.post({
          key,
          pointType: wallet.pointType,
          debit: wallet.ref,
          credit: { kind: 'expiry' },
          amount: lot.remaining,
          reasonCode: 'expired',
          reversesTransferId: null,
          expiresLotId: lot.id,
          lotExpiresAt: null,
          now,
        }),
      );
      if (outcome.kind !== 'ok') throw new Error(`model: expiry of lot ${lot.id} refused: ${JSON.stringify(outcome)}`);
      written.push(outcome.transfer);
    }
    return written;
  }

  private atomically(write: () => ModelTransfer): ModelOutcome {
    const saved = structuredClone(this.s);
    try {
      const transfer = write();
      this.byKey.set(transfer.key, transfer);
      return { kind: 'ok', transfer };
    } catch (e) {
      this.s = saved;
      if (e instanceof Refused) return { kind: 'refused', code: e.code };
      throw e;
    }
  }

  /** The database's guards and posting triggers, in their order (migrations/0001_ledger_guards.sql). */
  private post(t: {
    key: string;
    pointType: string;
    debit: AccountRef;
    credit: AccountRef;
    amount: number;
    reasonCode: ReasonCode;
    reversesTransferId: number | null;
    expiresLotId: number | null;
    lotExpiresAt: number | null;
    now: number;
  }): ModelTransfer {
    const s = this.s;
    const debitKey = accountKey(t.debit, t.pointType);
    const creditKey = accountKey(t.credit, t.pointType);
    const debit = s.accounts.get(debitKey);
    const credit = s.accounts.get(creditKey);
    if (!debit || !credit) throw new Refused('unknown_account');
    const original = t.reversesTransferId === null ? undefined : this.transferById(t.reversesTransferId);
    if (t.reversesTransferId !== null) {
      if (!original) throw new Refused('unknown_transfer');
      if (original.reversesTransferId !== null || original.expiresLotId !== null) throw new Refused('not_reversible');
      if (s.transfers.some((x) => x.reversesTransferId === original.id)) throw new Refused('already_reversed');
    }
    if (debit.ref.kind === 'campaign_budget' && debit.balance < t.amount) throw new Refused('budget_exhausted');
    if (!mayGoNegative(debit.ref.kind) && debit.balance < t.amount) throw new Refused('insufficient_points');

    const id = s.nextTransferId++;
    debit.balance -= t.amount;
    credit.balance += t.amount;
    const movements: { lotId: number; delta: number }[] = [];
    const lotById = (lotId: number) => {
      const lot = s.lots.find((l) => l.id === lotId);
      if (!lot) throw new Error(`model: no lot ${lotId}`);
      return lot;
    };

    if (t.expiresLotId !== null) {
      movements.push({ lotId: t.expiresLotId, delta: -t.amount });
    } else if (debit.ref.kind === 'wallet') {
      // Live lots, earliest expiry first, never-expiring last; a reversal first takes back the lots its original
      // created, expired or not.
      const rank = (l: ModelLot) => (l.sourceTransferId === t.reversesTransferId ? 0 : 1);
      const candidates = s.lots
        .filter(
          (l) =>
            l.account === debitKey &&
            l.remaining > 0 &&
            (l.expiresAt === null || l.expiresAt > t.now || l.sourceTransferId === t.reversesTransferId),
        )
        .sort(
          (a, b) =>
            rank(a) - rank(b) ||
            Number(a.expiresAt === null) - Number(b.expiresAt === null) ||
            (a.expiresAt ?? 0) - (b.expiresAt ?? 0) ||
            a.id - b.id,
        );
      let left = t.amount;
      for (const lot of candidates) {
        if (left === 0) break;
        const take = Math.min(lot.remaining, left);
        movements.push({ lotId: lot.id, delta: -take });
        left -= take;
      }
      if (left > 0) throw new Refused('insufficient_points');
    }
    if (original && credit.ref.kind === 'wallet') {
      for (const m of original.movements) if (m.delta < 0) movements.push({ lotId: m.lotId, delta: -m.delta });
    }
    for (const m of movements) {
      const lot = lotById(m.lotId);
      lot.remaining += m.delta;
      if (lot.account === creditKey) lot.restorations++;
      if (lot.remaining < 0 || lot.remaining > lot.amount) throw new Error(`model: lot ${lot.id} out of range`);
    }
    if (credit.ref.kind === 'wallet' && t.reversesTransferId === null) {
      if (debit.ref.kind === 'wallet') {
        // The receiver's lots keep the expiry of the points they came from.
        for (const m of [...movements].sort((a, b) => a.lotId - b.lotId)) {
          if (m.delta >= 0) continue;
          s.lots.push({
            id: s.nextLotId++,
            account: creditKey,
            sourceTransferId: id,
            amount: -m.delta,
            remaining: -m.delta,
            expiresAt: lotById(m.lotId).expiresAt,
            restorations: 0,
          });
        }
      } else {
        s.lots.push({
          id: s.nextLotId++,
          account: creditKey,
          sourceTransferId: id,
          amount: t.amount,
          remaining: t.amount,
          expiresAt: t.lotExpiresAt,
          restorations: 0,
        });
      }
    }
    const transfer: ModelTransfer = {
      id,
      key: t.key,
      pointType: t.pointType,
      debit: t.debit,
      credit: t.credit,
      amount: t.amount,
      reasonCode: t.reasonCode,
      reversesTransferId: t.reversesTransferId,
      expiresLotId: t.expiresLotId,
      lotExpiresAt: t.lotExpiresAt,
      movements,
    };
    s.transfers.push(transfer);
    return transfer;
  }
}
