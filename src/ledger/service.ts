import type { Clock } from '../kernel/clock.js';
import type { BatchRefusal, Database, Row, Statement } from '../kernel/database.js';
import { err, ok, type Result } from '../kernel/result.js';
import { type AccountRef, ISSUANCE, REDEMPTION, sameAccount, wallet } from './domain/accounts.js';
import { checkAmount, checkKey } from './domain/amount.js';
import { type LedgerRefusal, refusal } from './domain/errors.js';
import {
  DailyLotExpiry,
  type LotLifetime,
  type PointType,
  type PointTypeInput,
  pointTypeSchema,
} from './domain/point-type.js';
import type { Reason } from './domain/reasons.js';
import type {
  ExpiringLot,
  ExpiringPoints,
  HistoryPage,
  LedgerStore,
  NewTransfer,
  TransferRecord,
  WalletBalance,
} from './store.js';

export interface MoveCommand {
  /** Unique per cause: `line:<webhookEventId>`, `pos:<store>:<receipt>`, `checkin:<member>:<date>`... */
  readonly key: string;
  readonly pointType: string;
  readonly from: AccountRef;
  readonly to: AccountRef;
  readonly amount: number;
  readonly reason: Reason;
  /** For a credit to a wallet: overrides the point type's default lot lifetime. */
  readonly lifetime?: LotLifetime;
}

export interface TransferOutcome {
  readonly transfer: TransferRecord;
  /** True when the key had been applied before: nothing was written this time. */
  readonly replayed: boolean;
}

/** A command turned into statements, ready to be batched alone or with a use case's own writes. */
export interface PreparedMove {
  readonly statements: Statement[];
  readonly transfer: NewTransfer;
}

export interface ExpirySweepResult {
  readonly lotsExpired: number;
  readonly batches: number;
}

export interface LedgerOptions {
  readonly db: Database;
  readonly store: LedgerStore;
  readonly clock: Clock;
  readonly timeZone: string;
}

/**
 * Ledger use cases. Each command is one atomic batch; the database's guards decide and a violated guard comes
 * back as a LedgerRefusal. Reads before the batch (the point type, for a lot's expiry) may be stale, which is
 * harmless: they never decide whether points exist.
 */
/** Point types change rarely and are read on every turn and credit; a short cache spares those reads. */
const POINT_TYPE_CACHE_MS = 5_000;

export class Ledger {
  private pointTypeCache: { at: number; types: Promise<PointType[]> } | undefined;
  private readonly lotExpiry: DailyLotExpiry;

  constructor(private readonly o: LedgerOptions) {
    this.lotExpiry = new DailyLotExpiry(o.timeZone);
  }

  async definePointType(
    input: PointTypeInput,
  ): Promise<Result<PointType, { code: 'invalid_point_type'; message: string }>> {
    const parsed = pointTypeSchema.safeParse(input);
    if (!parsed.success)
      return err({ code: 'invalid_point_type', message: parsed.error.issues[0]?.message ?? 'invalid' });
    const r = await this.o.db.batch(this.o.store.upsertPointType(parsed.data, this.o.clock.now()));
    this.pointTypeCache = undefined;
    if (!r.ok) return err({ code: 'invalid_point_type', message: refusalText(r.error) });
    return ok(parsed.data);
  }

  openAccountStatement(ref: AccountRef, pointType: string): Statement {
    return this.o.store.openAccount(ref, pointType, this.o.clock.now());
  }

  async pointType(code: string): Promise<PointType | undefined> {
    return (await this.pointTypes()).find((p) => p.code === code);
  }

  transferByKey(key: string): Promise<TransferRecord | undefined> {
    return this.o.store.transferByKey(key);
  }

  /** The statement that reverses a recorded transfer, for a use case that batches it with its own writes. */
  reversalStatement(original: TransferRecord, key: string, reason?: Reason): Statement {
    return this.o.store.insertTransfer(this.reversalOf(original, key, reason));
  }

  /** Opens an account that is not opened on first use (a campaign budget, a partner settlement). */
  async openAccount(ref: AccountRef, pointType: string): Promise<Result<void, LedgerRefusal>> {
    const r = await this.o.db.batch([this.o.store.openAccount(ref, pointType, this.o.clock.now())]);
    return r.ok ? ok(undefined) : err(this.toRefusal(r.error));
  }

  credit(memberId: string, cmd: Omit<MoveCommand, 'from' | 'to'> & { from?: AccountRef }) {
    return this.move({ ...cmd, from: cmd.from ?? ISSUANCE, to: wallet(memberId) });
  }

  debit(memberId: string, cmd: Omit<MoveCommand, 'from' | 'to'> & { to?: AccountRef }) {
    return this.move({ ...cmd, from: wallet(memberId), to: cmd.to ?? REDEMPTION });
  }

  transferBetween(fromMember: string, toMember: string, cmd: Omit<MoveCommand, 'from' | 'to'>) {
    return this.move({ ...cmd, from: wallet(fromMember), to: wallet(toMember) });
  }

  async move(cmd: MoveCommand): Promise<Result<TransferOutcome, LedgerRefusal>> {
    const prepared = await this.prepare(cmd);
    if (!prepared.ok) return prepared;
    const r = await this.o.db.batch(prepared.value.statements);
    return this.settle(prepared.value.transfer, r);
  }

  /**
   * Validates a command and builds its statements without running them, so a use case can add its own
   * guarded writes (a check-in row, a claim) to the same batch. Call `settle` with the batch's result.
   */
  async prepare(cmd: MoveCommand): Promise<Result<PreparedMove, LedgerRefusal>> {
    const amount = checkAmount(cmd.amount);
    if (!amount.ok) return amount;
    const key = checkKey(cmd.key);
    if (!key.ok) return key;
    if (sameAccount(cmd.from, cmd.to)) return err(refusal('same_account'));
    const now = this.o.clock.now();
    let lotExpiry: number | null = null;
    if (cmd.to.kind === 'wallet') {
      const pt = await this.pointType(cmd.pointType);
      if (!pt) return err(refusal('unknown_point_type'));
      lotExpiry = this.lotExpiry.at(cmd.lifetime ?? pt.lifetime, now);
    }
    const transfer: NewTransfer = {
      key: cmd.key,
      pointType: cmd.pointType,
      debit: cmd.from,
      credit: cmd.to,
      amount: cmd.amount,
      reason: cmd.reason,
      lotExpiresAt: lotExpiry,
      createdAt: now,
    };
    // Wallets open on first credit; every other account must already exist.
    const opens = cmd.to.kind === 'wallet' ? [this.o.store.openAccount(cmd.to, cmd.pointType, now)] : [];
    return ok({ statements: [...opens, this.o.store.insertTransfer(transfer)], transfer });
  }

  /** Turns a batch result for a prepared transfer into an outcome, resolving replays of its key. */
  async settle(
    transfer: NewTransfer,
    result: Result<readonly (readonly Row[])[], BatchRefusal>,
  ): Promise<Result<TransferOutcome, LedgerRefusal>> {
    if (result.ok) {
      // The insert returned the transfer's id: no read after the commit (a batch without the rows reads it).
      const recorded =
        this.o.store.insertedTransfer(transfer, result.value) ?? (await this.o.store.transferByKey(transfer.key));
      if (!recorded) throw new Error(`transfer ${transfer.key} committed but not found`);
      return ok({ transfer: recorded, replayed: false });
    }
    if (this.o.store.isKeyTaken(result.error)) return this.replay(transfer);
    // The guards run BEFORE the key's uniqueness is checked, so a replay can be refused by a guard that its first
    // run has since tripped (the points are spent, the transfer is reversed). A recorded key decides first.
    if (await this.o.store.transferByKey(transfer.key)) return this.replay(transfer);
    return err(this.toRefusal(result.error));
  }

  /** Reverses a transfer: the points go back to where they came from, into the very lots they left. */
  async reverse(
    transferId: number,
    cmd: { key: string; reason?: Reason },
  ): Promise<Result<TransferOutcome, LedgerRefusal>> {
    const key = checkKey(cmd.key);
    if (!key.ok) return key;
    const original = await this.o.store.transferById(transferId);
    if (!original) return err(refusal('unknown_transfer'));
    const transfer = this.reversalOf(original, cmd.key, cmd.reason);
    const r = await this.o.db.batch([this.o.store.insertTransfer(transfer)]);
    return this.settle(transfer, r);
  }

  /**
   * Expires every lot whose time has come, in batches of `batchSize`; each lot's expiry is keyed by the lot,
   * so running the sweep twice (or on two machines at once) expires nothing twice.
   */
  async expire(options: { batchSize?: number; maxBatches?: number } = {}): Promise<ExpirySweepResult> {
    const batchSize = options.batchSize ?? 500;
    const maxBatches = options.maxBatches ?? 1000;
    const now = this.o.clock.now();
    let lotsExpired = 0;
    let batches = 0;
    while (batches < maxBatches) {
      const due = await this.o.store.countDueLots(now);
      if (due === 0) break;
      const r = await this.o.db.batch([this.o.store.expireDueLots(now, batchSize)]);
      batches++;
      if (!r.ok) {
        // Another sweep got there first: the next round sees what is left.
        if (r.error.kind === 'unique') continue;
        throw new Error(`expiry sweep refused: ${refusalText(r.error)}`);
      }
      lotsExpired += Math.min(due, batchSize);
    }
    return { lotsExpired, batches };
  }

  pointTypes(): Promise<PointType[]> {
    const now = this.o.clock.now();
    const cached = this.pointTypeCache;
    if (cached && now >= cached.at && now - cached.at < POINT_TYPE_CACHE_MS) return cached.types;
    const types = this.o.store.pointTypes();
    this.pointTypeCache = { at: now, types };
    types.catch(() => {
      this.pointTypeCache = undefined;
    });
    return types;
  }

  balances(memberId: string): Promise<WalletBalance[]> {
    return this.o.store.walletBalances(memberId, this.o.clock.now());
  }

  nextExpiring(memberId: string): Promise<ExpiringPoints[]> {
    return this.o.store.nextExpiring(memberId, this.o.clock.now());
  }

  /** Lots that expire within `days` from now, earliest first (at most `limit`). */
  expiringLots(memberId: string, days: number, limit = 20): Promise<ExpiringLot[]> {
    const now = this.o.clock.now();
    return this.o.store.expiringLots(memberId, now, now + days * 86_400_000, limit);
  }

  history(memberId: string, options: { limit?: number; beforeId?: number | null } = {}): Promise<HistoryPage> {
    const limit = Math.min(Math.max(options.limit ?? 10, 1), 100);
    return this.o.store.history(memberId, { limit, beforeId: options.beforeId ?? null });
  }

  private reversalOf(original: TransferRecord, key: string, reason?: Reason): NewTransfer {
    return {
      key,
      pointType: original.pointType,
      debit: original.credit,
      credit: original.debit,
      amount: original.amount,
      reason: reason ?? { code: 'reversal', params: { of: original.reason.code, transferId: original.id } },
      reversesTransferId: original.id,
      createdAt: this.o.clock.now(),
    };
  }

  private async replay(transfer: NewTransfer): Promise<Result<TransferOutcome, LedgerRefusal>> {
    const original = await this.o.store.transferByKey(transfer.key);
    if (!original) return err(refusal('idempotency_conflict'));
    const same =
      original.pointType === transfer.pointType &&
      original.amount === transfer.amount &&
      sameAccount(original.debit, transfer.debit) &&
      sameAccount(original.credit, transfer.credit) &&
      original.reversesTransferId === (transfer.reversesTransferId ?? null);
    return same ? ok({ transfer: original, replayed: true }) : err(refusal('idempotency_conflict'));
  }

  /** True when a batch was refused because a transfer with the same idempotency key is already recorded. */
  isKeyTaken(e: BatchRefusal): boolean {
    return this.o.store.isKeyTaken(e);
  }

  private toRefusal(e: BatchRefusal): LedgerRefusal {
    const code = this.o.store.refusalOf(e);
    if (code) return refusal(code);
    throw new Error(`unexpected ledger refusal: ${refusalText(e)}`);
  }
}

function refusalText(e: BatchRefusal): string {
  return e.kind === 'unique' ? `unique ${e.target}` : e.code;
}
