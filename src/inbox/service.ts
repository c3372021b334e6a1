import type { Channel, InboundEvent } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import { type Database, isTransientFault } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import { DEFAULT_DELIVERY, type DeliverySettings, OutboxDelivery, type ReplySender } from './delivery.js';
import { type BackoffSettings, backoffMs } from './domain/backoff.js';
import { Pump } from './pump.js';
import { pruneProcessed, type RetentionRun } from './retention.js';
import type { InboxItem, InboxStore, TurnHandler } from './store.js';

export type { ReplySender, SendOutcome } from './delivery.js';

export interface TurnSettings {
  /** Members whose turns run at once. */
  readonly concurrency: number;
  /** A turn that fails for a non-transient reason (a bug) is given up after this many attempts. */
  readonly maxAttempts: number;
  readonly backoff: BackoffSettings;
}

export const DEFAULT_TURNS: TurnSettings = {
  concurrency: 64,
  maxAttempts: 5,
  backoff: { firstMs: 1000, maxMs: 300_000 },
};

export interface InboxProcessorDeps {
  readonly db: Database;
  readonly inbox: InboxStore;
  readonly chat: TurnHandler;
  readonly clock: Clock;
  readonly senders: Partial<Record<Channel, ReplySender>>;
  readonly log: Logger;
  readonly turns?: Partial<TurnSettings>;
  readonly delivery?: Partial<DeliverySettings>;
  readonly random?: () => number;
}

/** A failed turn whose retry could not be written (the database was down): kept here until it is due. */
interface Held {
  readonly key: string;
  readonly until: number;
  readonly attempts: number;
}

const memberKey = (e: InboundEvent) => `${e.channel}\u0000${e.userId}`;

/**
 * The durable inbox. `accept` stores events (deduplicated by channel + event id) before a webhook answers; a loop
 * processes what is pending: one member's events strictly in order, different members at once. A turn commits its
 * replies to the outbox and wakes the delivery loop (./delivery.ts), which runs apart: no turn waits for LINE.
 * A turn that fails is left pending and retried after a backoff (a database fault: until it works; a bug: a few
 * times, then given up and recorded), never marked done without its effects.
 */
export class InboxProcessor {
  readonly delivery: OutboxDelivery;
  private readonly turns: Pump<InboxItem>;
  private readonly settings: TurnSettings;
  private readonly held = new Map<number, Held>();
  private background = false;

  constructor(private readonly d: InboxProcessorDeps) {
    this.settings = { ...DEFAULT_TURNS, ...d.turns };
    this.delivery = new OutboxDelivery({
      db: d.db,
      store: d.inbox,
      senders: d.senders,
      clock: d.clock,
      log: d.log,
      settings: { ...DEFAULT_DELIVERY, ...d.delivery },
      ...(d.random && { random: d.random }),
    });
    this.turns = new Pump<InboxItem>(
      {
        due: () => this.dueEvents(),
        key: (item) => memberKey(item.event),
        run: (item) => this.process(item),
        nextDueAt: (after) => this.nextEventDueAt(after),
      },
      { name: 'inbox', concurrency: this.settings.concurrency, log: d.log, now: () => d.clock.now() },
    );
  }

  /** Stores events atomically. Returns once they are durable: only then may the webhook say 200. */
  async accept(events: readonly InboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    const r = await this.d.db.batch(this.d.inbox.accept(events, this.d.clock.now()));
    if (!r.ok) throw new Error(`inbox refused events: ${r.error.kind}`);
  }

  /**
   * New events are in: process them. The promise (for Workers' waitUntil) ends when the turns and the deliveries
   * they woke are done; on Node, once started, the loops run on their own and it resolves at once.
   */
  kick(): Promise<void> {
    this.turns.wake();
    if (this.background) return Promise.resolve();
    return this.quiet();
  }

  /** Processes everything due, then delivers everything due, and waits for both. For cron and tests. */
  async drain(): Promise<void> {
    this.turns.wake();
    await this.quiet();
    await this.delivery.deliverDue();
  }

  /** Makes pending replies due now (one channel's: it is connected again; or all) and delivers them. */
  deliverPending(channel?: Channel): Promise<void> {
    return this.delivery.retryNow(channel);
  }

  /** Delivers the replies due now (a job that queued pushes) and waits for them. */
  deliverDue(): Promise<void> {
    return this.delivery.deliverDue();
  }

  /** Retention: blanks processed payloads and delivered bodies older than `days` (./retention.ts). */
  prune(days: number): Promise<RetentionRun> {
    return pruneProcessed({ db: this.d.db, store: this.d.inbox, clock: this.d.clock }, days);
  }

  /**
   * Node, once listening: both loops run in the background (what a crash left pending first), each waking when its
   * next retry is due. Resolves when they are started, not when the backlog is done.
   */
  async start(): Promise<void> {
    this.background = true;
    await this.delivery.start();
    this.turns.runInBackground();
  }

  /** Graceful stop: finishes what is due within `graceMs` (turns, then replies), then stops both loops. */
  async stop(graceMs = 10_000): Promise<void> {
    const deadline = this.d.clock.now() + graceMs;
    const within = (work: Promise<void>) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<void>((r) => {
        timer = setTimeout(r, Math.max(0, deadline - this.d.clock.now()));
      });
      return Promise.race([work, limit]).finally(() => clearTimeout(timer));
    };
    await within(this.turns.settled());
    await this.turns.stop();
    await within(this.delivery.deliverDue());
    await this.delivery.stop();
  }

  private async quiet(): Promise<void> {
    await this.turns.settled();
    await this.delivery.settled();
  }

  private async dueEvents(): Promise<InboxItem[]> {
    const now = this.d.clock.now();
    const items = await this.d.inbox.pending(200, now);
    if (this.held.size === 0) return items;
    const waiting = new Set<string>();
    for (const [id, h] of this.held) {
      if (h.until > now) waiting.add(h.key);
      else if (!items.some((i) => i.id === id)) this.held.delete(id);
    }
    return items.filter((i) => !waiting.has(memberKey(i.event)));
  }

  private async nextEventDueAt(after: number): Promise<number | undefined> {
    const stored = await this.d.inbox.nextEventDueAt(after);
    const held = Math.min(...[...this.held.values()].filter((h) => h.until > after).map((h) => h.until));
    const at = Math.min(stored ?? Number.POSITIVE_INFINITY, held);
    return Number.isFinite(at) ? at : undefined;
  }

  /** One turn. False when it failed and waits for a retry (the member's later events wait behind it). */
  private async process(item: InboxItem): Promise<boolean> {
    try {
      await this.d.chat.handle(item);
    } catch (error) {
      return this.turnFailed(item, error);
    }
    this.held.delete(item.id);
    this.delivery.wake();
    return true;
  }

  private async turnFailed(item: InboxItem, error: unknown): Promise<boolean> {
    const now = this.d.clock.now();
    const attempts = Math.max(item.attempts ?? 0, this.held.get(item.id)?.attempts ?? 0) + 1;
    const transient = isTransientFault(error);
    const message = describeError(error);
    const where = { err: error, inboxId: item.id, channel: item.event.channel, attempts, transient };
    if (!transient && attempts >= this.settings.maxAttempts) {
      // A bug, not the database: the member must not wait behind this event forever. Recorded as given up.
      this.d.log.error(where, 'turn failed: given up, the event is done without effects');
      const r = await this.d.db.batch(this.d.inbox.giveUp(item.id, message, now));
      if (!r.ok && !this.d.inbox.isAlreadyDone(r.error)) throw new Error(`inbox refused give-up: ${r.error.kind}`);
      this.held.delete(item.id);
      return true;
    }
    const until = now + backoffMs(attempts, this.settings.backoff, this.d.random ?? Math.random);
    this.held.set(item.id, { key: memberKey(item.event), until, attempts });
    if (transient) this.d.log.warn(where, 'turn put off: the database is busy or failing; the event stays pending');
    else this.d.log.error(where, 'turn failed: retried later');
    try {
      await this.d.db.batch([this.d.inbox.deferEvent(item.id, message, until)]);
    } catch (recordError) {
      // The database is still failing: the retry is kept in memory (and a crash leaves the event pending anyway).
      this.d.log.warn({ err: recordError, inboxId: item.id }, 'turn retry not recorded; kept in memory');
    }
    return false;
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
