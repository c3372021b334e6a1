// Reply delivery, a loop of its own beside turn processing: a turn commits its replies to the outbox and wakes this
// loop; nothing waits for LINE or Graph. Each row is tried only when due (next_attempt_at: backoff with jitter, or
// the platform's Retry-After) and gives up only when its time budget is spent; every attempt is recorded before the
// call (claim) and leases the row, so no two passes, isolates or processes send one row at once.
import type { Channel } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import type { Database, Statement } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import { type BackoffSettings, backoffMs } from './domain/backoff.js';
import { Pump } from './pump.js';
import type { DueOutboxItem, InboxStore, OutboxItem } from './store.js';

export type SendOutcome =
  | { readonly status: 'sent' }
  /**
   * Try again later (429, 5xx, a timeout, the network). `retryAfterMs`: when the platform said (Retry-After);
   * `throttled`: a rate limit (the channel is up, so its other rows are not pulled forward when one gets through).
   */
  | { readonly status: 'retry'; readonly error: string; readonly retryAfterMs?: number; readonly throttled?: boolean }
  /** Will never work (the user blocked us, a 4xx other than the reply token). */
  | { readonly status: 'failed'; readonly error: string };

/** Delivers one outbox item on its channel (LINE reply-then-push, WhatsApp send...). */
export interface ReplySender {
  send(item: OutboxItem): Promise<SendOutcome>;
}

export interface DeliverySettings {
  /** Members whose replies are in flight at once. */
  readonly concurrency: number;
  /** A sender's per-call timeout: a row's lease lasts a few of them. */
  readonly sendTimeoutMs: number;
  /** A row that still fails this long after it was written is failed for good. */
  readonly retryBudgetMs: number;
  readonly backoff: BackoffSettings;
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  concurrency: 8,
  sendTimeoutMs: 10_000,
  retryBudgetMs: 24 * 60 * 60 * 1000,
  backoff: { firstMs: 1000, maxMs: 300_000 },
};

export interface DeliveryDeps {
  readonly db: Database;
  readonly store: InboxStore;
  readonly senders: Partial<Record<Channel, ReplySender>>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: DeliverySettings;
  readonly random?: () => number;
}

const memberKey = (i: { channel: string; userId: string }) => `${i.channel}\u0000${i.userId}`;

export class OutboxDelivery {
  private readonly pump: Pump<DueOutboxItem>;
  /** Channels whose last failure said they were down (not a rate limit): a success there pulls their rows forward. */
  private readonly down = new Set<Channel>();
  private readonly leaseMs: number;

  constructor(private readonly d: DeliveryDeps) {
    // Long enough for a send of several calls, each within its timeout; only a stopped process leaves one behind.
    this.leaseMs = Math.max(60_000, 6 * d.settings.sendTimeoutMs);
    this.pump = new Pump<DueOutboxItem>(
      {
        // Pushes (broadcasts, reminders) 20 a scan, so replies that arrive meanwhile go out between them.
        due: () => d.store.dueOutbox(d.clock.now(), 100, 20),
        key: memberKey,
        run: (item) => this.deliver(item),
        nextDueAt: (after) => d.store.nextOutboxDueAt(after),
      },
      { name: 'delivery', concurrency: d.settings.concurrency, log: d.log, now: () => d.clock.now() },
    );
  }

  /** A turn committed replies (or a job queued pushes): send what is due, without waiting. */
  wake(): void {
    this.pump.wake();
  }

  /** Resolves when nothing due is left unsent (rows waiting out a backoff stay for later). */
  settled(): Promise<void> {
    return this.pump.settled();
  }

  /** Sends what is due now and waits for it: cron, broadcasts, reminders, tests. */
  deliverDue(): Promise<void> {
    this.pump.wake();
    return this.pump.settled();
  }

  /** Makes pending rows due now (one channel's: it is back; or all: an operator asks) and sends them. */
  async retryNow(channel?: Channel): Promise<void> {
    await this.commit([this.d.store.retryNow(this.d.clock.now(), channel)]);
    return this.deliverDue();
  }

  /**
   * Node, once listening: rows a stopped process left in flight are due again (in doubt: a LINE reply may have gone
   * out before the stop, so the push that follows may repeat it; a push carries its retry key and does not), then
   * the loop runs on its own, waking when the next row is due. Returns how many were in doubt.
   */
  async start(): Promise<number> {
    let inDoubt: number[] = [];
    try {
      const r = await this.d.db.batch([this.d.store.releaseLeases(this.d.clock.now())]);
      inDoubt = r.ok ? (r.value[0] ?? []).map((row) => Number(row.id)) : [];
    } catch (error) {
      // The leases run out by themselves; the loop starts anyway.
      this.d.log.error({ err: error }, 'replies left in flight not released');
    }
    if (inDoubt.length > 0)
      this.d.log.warn(
        { count: inDoubt.length, outboxIds: inDoubt.slice(0, 50) },
        'replies in doubt: the last process stopped during their attempt; retried now (a LINE reply may arrive twice)',
      );
    this.pump.runInBackground();
    return inDoubt.length;
  }

  /** Stops taking rows; resolves once the sends in flight have ended (each within its timeout). */
  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** Members with a send in flight now. */
  inFlight(): number {
    return this.pump.busy();
  }

  private async deliver(item: DueOutboxItem): Promise<boolean> {
    const { store, clock } = this.d;
    const now = clock.now();
    const claimed = await this.commit([store.claim(item.id, now, now + this.leaseMs)]);
    // Another pass, isolate or process took it (or it is done): this member's later rows wait for the next scan.
    if ((claimed[0] ?? []).length === 0) return false;
    const sender = this.d.senders[item.channel];
    if (!sender) {
      await this.commit([store.markFailed(item.id, 'no sender for channel')]);
      return true;
    }
    let outcome: SendOutcome;
    try {
      outcome = await sender.send(item);
    } catch (error) {
      outcome = { status: 'retry', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    return this.record(item, outcome);
  }

  /** Writes the outcome; false when the row waits for a retry (the member's later rows wait behind it). */
  private async record(item: DueOutboxItem, outcome: SendOutcome): Promise<boolean> {
    const { store, clock, log, settings } = this.d;
    const now = clock.now();
    const where = { outboxId: item.id, channel: item.channel, attempt: item.attempts + 1 };
    if (outcome.status === 'sent') {
      await this.commit([store.markSent(item.id, now)]);
      await this.answeredAgain(item.channel);
      return true;
    }
    if (outcome.status === 'failed') {
      await this.commit([store.markFailed(item.id, outcome.error)]);
      log.warn({ ...where, error: outcome.error }, 'reply not delivered: refused for good');
      return true;
    }
    if (!outcome.throttled) this.down.add(item.channel);
    const failures = item.attempts + 1;
    const age = now - item.createdAt;
    const delay = outcome.retryAfterMs ?? backoffMs(failures, settings.backoff, this.d.random ?? Math.random, age);
    const next = now + Math.max(1, delay);
    if (next > item.createdAt + settings.retryBudgetMs) {
      const why = `gave up after ${failures} attempts in ${Math.round(age / 1000)} s: ${outcome.error}`;
      await this.commit([store.markFailed(item.id, why)]);
      log.error({ ...where, error: outcome.error }, 'reply not delivered: retry budget spent');
      return true;
    }
    await this.commit([store.markRetry(item.id, outcome.error, next)]);
    log.warn({ ...where, error: outcome.error, retryInMs: next - now }, 'reply not delivered yet: retried later');
    return false;
  }

  /** A channel that was down answered: its rows waiting out a backoff go now, not minutes from now. */
  private async answeredAgain(channel: Channel): Promise<void> {
    if (!this.down.delete(channel)) return;
    await this.commit([this.d.store.retryNow(this.d.clock.now(), channel)]);
    this.d.log.info({ channel }, 'channel answers again: its waiting replies are retried now');
    this.pump.wake();
  }

  private async commit(statements: readonly Statement[]) {
    const r = await this.d.db.batch(statements);
    if (!r.ok) throw new Error(`outbox write refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
    return r.value;
  }
}
