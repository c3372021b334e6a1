import type { Channel, InboundEvent } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import type { InboxItem, InboxStore, OutboxItem, TurnHandler } from './store.js';

export type SendOutcome =
  | { readonly status: 'sent' }
  /** Try again later (429, 5xx, network). */
  | { readonly status: 'retry'; readonly error: string }
  /** Will never work (the user blocked us, a 4xx other than the reply token). */
  | { readonly status: 'failed'; readonly error: string };

/** Delivers one outbox item on its channel (LINE reply-then-push, WhatsApp send...). */
export interface ReplySender {
  send(item: OutboxItem): Promise<SendOutcome>;
}

export interface InboxProcessorDeps {
  readonly db: Database;
  readonly inbox: InboxStore;
  readonly chat: TurnHandler;
  readonly clock: Clock;
  readonly senders: Partial<Record<Channel, ReplySender>>;
  readonly log: Logger;
  readonly maxSendAttempts?: number;
}

/**
 * The durable inbox. `accept` stores events (deduplicated by channel + event id) before a webhook answers;
 * `drain` processes what is pending: one member's events strictly in order, different members in parallel,
 * then delivers the replies. Events left pending by a crash are picked up by the next drain (run at start).
 */
export class InboxProcessor {
  private running: Promise<void> | null = null;
  private again = false;
  private delivering: Promise<void> = Promise.resolve();

  constructor(private readonly d: InboxProcessorDeps) {}

  /** Stores events atomically. Returns once they are durable: only then may the webhook say 200. */
  async accept(events: readonly InboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    const r = await this.d.db.batch(this.d.inbox.accept(events, this.d.clock.now()));
    if (!r.ok) throw new Error(`inbox refused events: ${r.error.kind}`);
  }

  /** Starts a drain in the background (coalesced: one drain runs at a time, re-run if kicked meanwhile). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drainOnce();
        } while (this.again);
      } catch (error) {
        this.d.log.error({ err: error }, 'inbox drain failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Processes everything pending, then delivers pending replies. For start-up, tests and cron. */
  async drain(): Promise<void> {
    await this.kick();
    if (this.again || this.running) await this.kick();
  }

  private async drainOnce(): Promise<void> {
    for (;;) {
      const pending = await this.d.inbox.pending(200);
      if (pending.length === 0) break;
      const byUser = new Map<string, InboxItem[]>();
      for (const item of pending) {
        const k = `${item.event.channel}\u0000${item.event.userId}`;
        const list = byUser.get(k);
        if (list) list.push(item);
        else byUser.set(k, [item]);
      }
      await Promise.all(
        [...byUser.values()].map(async (items) => {
          for (const item of items) await this.processOne(item);
        }),
      );
      await this.deliverPending();
    }
    await this.deliverPending();
  }

  private async processOne(item: InboxItem): Promise<void> {
    try {
      await this.d.chat.handle(item);
    } catch (error) {
      // A fault in one turn must not block the member's later events forever; it is logged with its cause.
      this.d.log.error({ err: error, inboxId: item.id, channel: item.event.channel }, 'turn failed');
      await this.d.db.batch(this.d.inbox.markDone(item.id, this.d.clock.now()));
    }
  }

  /**
   * Sends replies that are waiting: fresh ones, and ones a crash or a 5xx left behind. One delivery pass runs at a
   * time (a second caller, e.g. a scheduled job, waits for the first), so an outbox row is never sent twice at
   * once: on LINE a second concurrent send would find the reply token used and push the same answer again.
   * One member's replies go out in order; different members' in parallel.
   */
  deliverPending(): Promise<void> {
    const run = this.delivering.then(() => this.deliverOnce());
    this.delivering = run.catch(() => {});
    return run;
  }

  private async deliverOnce(): Promise<void> {
    const max = this.d.maxSendAttempts ?? 5;
    // Pages of 100 until nothing is left that this pass has not tried: a burst leaves more than one page, and
    // a reply left for the next cron run could find its reply token expired. A row that asked to be retried
    // (429, 5xx) stays pending and is not tried again in the same pass.
    const tried = new Set<number>();
    for (;;) {
      // Pushes (broadcasts, reminders) 20 a page, so replies that arrive meanwhile go out between pages.
      const items = (await this.d.inbox.pendingOutbox(100 + tried.size, max, 20 + tried.size)).filter(
        (i) => !tried.has(i.id),
      );
      if (items.length === 0) return;
      const byUser = new Map<string, OutboxItem[]>();
      for (const item of items) {
        tried.add(item.id);
        const k = `${item.channel}\u0000${item.userId}`;
        const list = byUser.get(k);
        if (list) list.push(item);
        else byUser.set(k, [item]);
      }
      await Promise.all(
        [...byUser.values()].map(async (list) => {
          for (const item of list) await this.deliver(item, max);
        }),
      );
    }
  }

  private async deliver(item: OutboxItem, maxAttempts: number): Promise<void> {
    const sender = this.d.senders[item.channel];
    if (!sender) {
      await this.d.db.batch([this.d.inbox.markAttempt(item.id, 'no sender for channel', true)]);
      return;
    }
    let outcome: SendOutcome;
    try {
      outcome = await sender.send(item);
    } catch (error) {
      outcome = { status: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    const stmt =
      outcome.status === 'sent'
        ? this.d.inbox.markSent(item.id, this.d.clock.now())
        : this.d.inbox.markAttempt(
            item.id,
            outcome.error,
            outcome.status === 'failed' || item.attempts + 1 >= maxAttempts,
          );
    await this.d.db.batch([stmt]);
    if (outcome.status !== 'sent') {
      this.d.log.warn(
        { outboxId: item.id, channel: item.channel, status: outcome.status, error: outcome.error },
        'reply not delivered',
      );
    }
  }
}
