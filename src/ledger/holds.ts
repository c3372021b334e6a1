// Holds: a two-phase spend kept in the ledger (TigerBeetle's pending transfer, then post or void). Placing a hold
// moves nothing; it reserves points that no other spend may take (the database's guards, migrations/0023). A capture
// is ONE batch: the hold is marked captured and a normal transfer spends the points (earliest-expiring lots first,
// through the ledger's posting trigger); what it did not spend is released with it. A use case (a purchase) can put
// a capture's statements into its own batch. An expired hold counts for nothing from its expiry on; the sweep
// (`expireDue`, the `holds-expiry` job) marks it.
import type { Clock } from '../kernel/clock.js';
import type { BatchRefusal, Database, Statement } from '../kernel/database.js';
import { EVERY_MINUTE, type Job } from '../kernel/job.js';
import { err, ok, type Result } from '../kernel/result.js';
import { type AccountRef, REDEMPTION } from './domain/accounts.js';
import {
  type HoldRecord,
  type HoldRefusal,
  holdPointsSchema,
  holdRefusal,
  holdSecondsSchema,
  holdStatusAt,
} from './domain/hold.js';
import type { Reason } from './domain/reasons.js';
import type { HoldStore } from './hold-store.js';
import type { Ledger } from './service.js';

export interface HoldsDeps {
  readonly db: Database;
  readonly store: HoldStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
}

export interface PlaceHold {
  readonly key: string;
  readonly memberId: string;
  readonly pointType: string;
  readonly points: number;
  readonly seconds: number;
  readonly params?: Readonly<Record<string, string | number | null>>;
}

export interface CaptureHold {
  readonly key: string;
  /** At most what it holds; the rest is released. */
  readonly points: number;
  readonly reason: Reason;
  /** Where the points go (default: redemption). */
  readonly to?: AccountRef;
  /** When given, the hold must be this member's. */
  readonly memberId?: string;
}

/** A capture ready to batch: its statements and how to read the batch's outcome. */
export interface PreparedCapture {
  readonly statements: readonly Statement[];
  readonly hold: HoldRecord;
  readonly points: number;
  readonly transferKey: string;
}

export interface HoldOutcome {
  readonly hold: HoldRecord;
  readonly replayed: boolean;
}

export class Holds {
  constructor(private readonly d: HoldsDeps) {}

  hold(key: string): Promise<HoldRecord | undefined> {
    return this.d.store.hold(key);
  }

  liveHolds(memberId: string): Promise<HoldRecord[]> {
    return this.d.store.liveHolds(memberId, this.d.clock.now());
  }

  /** Reserves points. A replay of the key with the same hold answers the first; with another, hold_conflict. */
  async place(cmd: PlaceHold): Promise<Result<HoldOutcome, HoldRefusal>> {
    if (!holdPointsSchema.safeParse(cmd.points).success) return err(holdRefusal('invalid_points'));
    if (!holdSecondsSchema.safeParse(cmd.seconds).success) return err(holdRefusal('invalid_expiry'));
    const now = this.d.clock.now();
    const r = await this.d.db.batch([
      this.d.store.insertHold({
        key: cmd.key,
        memberId: cmd.memberId,
        pointType: cmd.pointType,
        amount: cmd.points,
        params: cmd.params ?? {},
        createdAt: now,
        expiresAt: now + cmd.seconds * 1000,
      }),
    ]);
    // A guard can refuse a replay (its own first run took the points), so a recorded key decides first.
    const recorded = r.ok ? undefined : await this.d.store.hold(cmd.key);
    if (recorded) {
      const same =
        recorded.memberId === cmd.memberId &&
        recorded.pointType === cmd.pointType &&
        recorded.amount === cmd.points &&
        recorded.expiresAt - recorded.createdAt === cmd.seconds * 1000;
      return same ? ok({ hold: recorded, replayed: true }) : err(holdRefusal('hold_conflict'));
    }
    if (!r.ok) return err(this.refusalOf(r.error));
    return ok({ hold: await this.found(cmd.key), replayed: false });
  }

  /** Builds a capture's statements without running them (a purchase batches them with its earn). */
  async prepareCapture(cmd: CaptureHold): Promise<Result<PreparedCapture, HoldRefusal>> {
    if (!holdPointsSchema.safeParse(cmd.points).success) return err(holdRefusal('invalid_points'));
    const hold = await this.d.store.hold(cmd.key);
    if (!hold) return err(holdRefusal('hold_not_found'));
    if (cmd.memberId !== undefined && hold.memberId !== cmd.memberId) return err(holdRefusal('hold_wrong_member'));
    if (cmd.points > hold.amount) return err(holdRefusal('capture_exceeds_hold'));
    const transferKey = `hold:${hold.key}`;
    const now = this.d.clock.now();
    const move = await this.d.ledger.prepare({
      key: transferKey,
      pointType: hold.pointType,
      from: { kind: 'wallet', memberId: hold.memberId },
      to: cmd.to ?? REDEMPTION,
      amount: cmd.points,
      reason: cmd.reason,
    });
    if (!move.ok)
      return err(holdRefusal(move.error.code === 'insufficient_points' ? 'insufficient_points' : 'invalid_points'));
    // The hold is released first, so the transfer's guard no longer counts it.
    const statements = [this.d.store.captureHold(hold.key, cmd.points, transferKey, now), ...move.value.statements];
    return ok({ statements, hold, points: cmd.points, transferKey });
  }

  /** Spends up to what a hold reserves and releases the rest, in one batch. A replay answers the first capture. */
  async capture(cmd: CaptureHold): Promise<Result<HoldOutcome, HoldRefusal>> {
    const prepared = await this.prepareCapture(cmd);
    if (!prepared.ok) return prepared;
    const r = await this.d.db.batch(prepared.value.statements);
    if (r.ok) return ok({ hold: await this.found(cmd.key), replayed: false });
    return this.afterRefusal(cmd.key, r.error, (h) => h.status === 'captured' && h.captured === cmd.points);
  }

  /** How a refused batch that held a capture reads: a replay of the same capture, or the hold's refusal. */
  async captureRefused(key: string, points: number, e: BatchRefusal): Promise<Result<HoldOutcome, HoldRefusal>> {
    return this.afterRefusal(key, e, (h) => h.status === 'captured' && h.captured === points);
  }

  /** Releases everything a hold reserves. Voiding a voided hold answers the same. */
  async void(key: string, memberId?: string): Promise<Result<HoldOutcome, HoldRefusal>> {
    const hold = await this.d.store.hold(key);
    if (!hold) return err(holdRefusal('hold_not_found'));
    if (memberId !== undefined && hold.memberId !== memberId) return err(holdRefusal('hold_wrong_member'));
    const r = await this.d.db.batch([this.d.store.voidHold(key, this.d.clock.now())]);
    if (r.ok) return ok({ hold: await this.found(key), replayed: false });
    return this.afterRefusal(key, r.error, (h) => h.status === 'voided');
  }

  /** Marks pending holds whose time has come as expired, in batches; running it twice marks nothing twice. */
  async expireDue(options: { batchSize?: number; maxBatches?: number } = {}): Promise<{ expired: number }> {
    const batchSize = options.batchSize ?? 500;
    let expired = 0;
    for (let i = 0; i < (options.maxBatches ?? 100); i++) {
      const now = this.d.clock.now();
      if ((await this.d.store.countDue(now)) === 0) break;
      const r = await this.d.db.batch([this.d.store.expireDue(now, batchSize)]);
      if (!r.ok) throw new Error(`hold sweep refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
      expired += r.value[0]?.length ?? 0;
    }
    return { expired };
  }

  /**
   * A debit of at most `max` points (an SQL expression read in the batch) that takes only what the wallet can
   * spend: never below zero, never into held points. Nothing is written when that is 0.
   */
  cappedDebit(cmd: {
    key: string;
    memberId: string;
    pointType: string;
    to: AccountRef;
    reason: Reason;
    max: Statement;
  }): Statement {
    return this.d.store.cappedDebit({ ...cmd, createdAt: this.d.clock.now() });
  }

  /** What the wallet can spend, read inside the batch that commits (a CommitFact's expression): '1,250'. */
  spendableText(memberId: string, pointType: string): Statement {
    return this.d.store.spendableText(memberId, pointType, this.d.clock.now());
  }

  /** The points the transfers with these keys moved, read inside the batch (0 for a key not written). */
  transferredSum(keys: readonly string[]): Statement {
    return this.d.store.transferredSum(keys);
  }

  transferredText(keys: readonly string[]): Statement {
    return this.d.store.transferredText(keys);
  }

  private async afterRefusal(
    key: string,
    e: BatchRefusal,
    isReplay: (h: HoldRecord) => boolean,
  ): Promise<Result<HoldOutcome, HoldRefusal>> {
    const hold = await this.d.store.hold(key);
    if (hold && isReplay(hold)) return ok({ hold, replayed: true });
    const code = this.d.store.classify(e);
    if (!code && hold && holdStatusAt(hold, this.d.clock.now()) !== 'pending') return err(this.ended(hold));
    if (!code) throw new Error(`unexpected hold refusal: ${e.kind === 'unique' ? e.target : e.code}`);
    return err(holdRefusal(code));
  }

  private ended(h: HoldRecord): HoldRefusal {
    const status = holdStatusAt(h, this.d.clock.now());
    return holdRefusal(status === 'captured' ? 'hold_captured' : status === 'voided' ? 'hold_voided' : 'hold_expired');
  }

  private refusalOf(e: BatchRefusal): HoldRefusal {
    const code = this.d.store.classify(e);
    if (code) return holdRefusal(code);
    throw new Error(`unexpected hold refusal: ${e.kind === 'unique' ? e.target : e.code}`);
  }

  private async found(key: string): Promise<HoldRecord> {
    const h = await this.d.store.hold(key);
    if (!h) throw new Error(`hold ${key} committed but not found`);
    return h;
  }
}

/** The sweep that marks expired holds, every minute (expired holds already count for nothing: this tidies). */
export function holdJobs(holds: Holds): Job[] {
  return [{ name: 'holds-expiry', schedule: EVERY_MINUTE, run: () => holds.expireDue() }];
}
