// A work loop by key, shared by turn processing and reply delivery: one key's items strictly in order (a member's
// events, a member's replies), different keys at once, at most `concurrency` keys at a time. A slow key holds only
// itself: the others' lanes go on, and work that comes meanwhile starts as soon as a lane is free. Pure (timers
// only), so Node and Workers run the same loop.
import type { Logger } from '../kernel/logger.js';

export interface PumpSource<T> {
  /** Work due now, oldest first (several items of one key in their order). */
  due(): Promise<readonly T[]>;
  key(item: T): string;
  /** Does one item. False: it was put off (a retry later), so the key's later items wait too. */
  run(item: T): Promise<boolean>;
  /**
   * When the next item that was not due at `after` (the last scan) becomes due, for the background timer; undefined:
   * none. An item that became due since that scan counts (the timer fires at once); one that was due then and still
   * waits (behind its key's earlier item) does not, or the loop would spin.
   */
  nextDueAt(after: number): Promise<number | undefined>;
}

export interface PumpOptions {
  readonly name: string;
  readonly concurrency: number;
  readonly log: Logger;
  readonly now: () => number;
  /** A key whose run threw is left alone this long (the source normally records a retry itself). */
  readonly errorPauseMs?: number;
}

/** A background timer never sleeps longer than this, so work another process wrote is found within a minute. */
const MAX_SLEEP_MS = 60_000;

export class Pump<T> {
  private readonly lanes = new Map<string, Promise<void>>();
  private queue: T[][] = [];
  private scanning = false;
  private again = false;
  private stopped = false;
  private background = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sleeps = 0;
  private lastScanAt = 0;
  private readonly paused = new Map<string, number>();
  private idle: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(
    private readonly source: PumpSource<T>,
    private readonly o: PumpOptions,
  ) {}

  /**
   * Looks for due work: now, or, while every lane is busy (or a scan is running), as soon as one frees up. Coalesced,
   * so a burst of wakes under a backlog costs one scan per free lane, not one per wake.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.scanning || this.queue.length > 0 || this.lanes.size >= this.o.concurrency) {
      this.again = true;
      return;
    }
    this.scanning = true;
    void this.scan();
  }

  /** Resolves once nothing is running and the last scan found nothing due (at once if so already). */
  settled(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    if (!this.idle) {
      let resolve: () => void = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.idle = { promise, resolve };
    }
    return this.idle.promise;
  }

  /** Node: when idle, sleep until the next item is due (a retry after its backoff), then wake. */
  runInBackground(): void {
    this.background = true;
    this.wake();
  }

  /** No new scans or lanes; resolves when the lanes running now have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    await Promise.all([...this.lanes.values()]);
  }

  /** Keys with a lane running now. */
  busy(): number {
    return this.lanes.size;
  }

  private isIdle(): boolean {
    return !this.scanning && this.lanes.size === 0 && this.queue.length === 0;
  }

  private async scan(): Promise<void> {
    try {
      do {
        this.again = false;
        const now = this.o.now();
        this.lastScanAt = now;
        const groups = new Map<string, T[]>();
        for (const item of await this.source.due()) {
          const k = this.source.key(item);
          if (this.lanes.has(k) || (this.paused.get(k) ?? 0) > now) continue;
          const list = groups.get(k);
          if (list) list.push(item);
          else groups.set(k, [item]);
        }
        // The newest scan replaces what an older one left waiting for a lane (its rows may be gone by now).
        this.queue = [...groups.values()];
        this.dispatch();
      } while (this.again && !this.stopped && this.queue.length === 0 && this.lanes.size < this.o.concurrency);
    } catch (error) {
      this.o.log.error({ err: error, loop: this.o.name }, 'work loop: scan failed');
      this.pauseAll();
    } finally {
      this.scanning = false;
      this.afterChange();
    }
  }

  private dispatch(): void {
    while (!this.stopped && this.lanes.size < this.o.concurrency) {
      const group = this.queue.shift();
      if (!group) return;
      const first = group[0];
      if (first === undefined) continue;
      const k = this.source.key(first);
      if (this.lanes.has(k)) continue;
      this.lanes.set(k, this.lane(k, group));
    }
  }

  private async lane(k: string, items: readonly T[]): Promise<void> {
    try {
      for (const item of items) {
        if (this.stopped || !(await this.source.run(item))) break;
      }
    } catch (error) {
      this.o.log.error({ err: error, loop: this.o.name }, 'work loop: item failed');
      this.paused.set(k, this.o.now() + (this.o.errorPauseMs ?? 1000));
    } finally {
      this.lanes.delete(k);
      if (this.queue.length > 0) this.dispatch();
      // This key may have more (beyond the page, or written meanwhile): look again once the queue is empty.
      if (this.queue.length === 0) this.wake();
      this.afterChange();
    }
  }

  /** A scan that failed (the database is down): every key waits a moment, then the timer looks again. */
  private pauseAll(): void {
    this.paused.set('', this.o.now() + (this.o.errorPauseMs ?? 1000));
  }

  private afterChange(): void {
    if (!this.isIdle()) return;
    const idle = this.idle;
    this.idle = undefined;
    idle?.resolve();
    if (this.background && !this.stopped) void this.sleepUntilDue();
  }

  private async sleepUntilDue(): Promise<void> {
    // Only the latest call sets the timer: an older one may resume later with a stale answer (nothing pending).
    const mine = ++this.sleeps;
    const now = this.o.now();
    for (const [k, until] of this.paused) if (until <= now) this.paused.delete(k);
    let at: number | undefined;
    try {
      at = await this.source.nextDueAt(this.lastScanAt);
    } catch (error) {
      this.o.log.warn({ err: error, loop: this.o.name }, 'work loop: next due time unknown');
    }
    if (mine !== this.sleeps || this.stopped || !this.isIdle()) return;
    const pausedUntil = Math.min(...this.paused.values());
    const wakeAt = Math.min(at ?? Number.POSITIVE_INFINITY, pausedUntil, now + MAX_SLEEP_MS);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.wake();
      },
      Math.max(5, wakeAt - now),
    );
    // Node: a sleeping loop alone does not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }
}
