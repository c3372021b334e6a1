/** Waits until the caller may make one more call to a rate-limited API. */
export interface Limiter {
  take(): Promise<void>;
}

/** Reserves the next free slot of limit `name` and answers the time (µs) the slot starts. */
export type ReserveSlot = (name: string, nowUs: number, intervalUs: number, toleranceUs: number) => Promise<number>;

/**
 * A rate limit kept in the database (table rate_limits), so every process on one SQLite file, and every Workers
 * isolate on one D1 database (two cron ticks sending at once), shares it: the CLI sender and the server together
 * still make at most `perSecond` calls a second. Each take reserves the next slot in one guarded statement
 * (a generic cell rate algorithm: the row holds when the next slot is free) and then sleeps until its slot; after
 * an idle spell up to `burst` calls go at once. A slot reserved by a process that then died is simply unused.
 */
export class SharedRateLimiter implements Limiter {
  private readonly intervalUs: number;
  private readonly toleranceUs: number;

  constructor(
    private readonly o: {
      readonly name: string;
      readonly perSecond: number;
      readonly burst?: number;
      readonly reserve: ReserveSlot;
      readonly now?: () => number;
      readonly sleep?: (ms: number) => Promise<void>;
    },
  ) {
    const burst = o.burst ?? Math.max(1, Math.ceil(o.perSecond / 10));
    this.intervalUs = Math.max(1, Math.round(1_000_000 / o.perSecond));
    this.toleranceUs = (burst - 1) * this.intervalUs;
  }

  async take(): Promise<void> {
    const now = this.o.now ?? Date.now;
    const startUs = await this.o.reserve(this.o.name, now() * 1000, this.intervalUs, this.toleranceUs);
    const waitMs = Math.ceil((startUs - now() * 1000) / 1000);
    if (waitMs > 0) await (this.o.sleep ?? sleep)(waitMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
