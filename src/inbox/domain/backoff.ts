// When a failed attempt is tried again. Pure: the random source is given.

export interface BackoffSettings {
  /** The delay after the first failure (before jitter), e.g. 1 s. */
  readonly firstMs: number;
  /** No delay is longer, e.g. 5 minutes. */
  readonly maxMs: number;
}

/**
 * The delay before the next attempt after `failures` failed ones (1 for the first): exponential (firstMs, 2x,
 * 4x ... up to maxMs) with jitter (between half and all of it, so rows that failed together spread out), and never
 * more than half the age of the work when it is known (`ageMs`): after an outage of 60 s, every row is tried again
 * within 30 s of the end, however often it failed during it.
 */
export function backoffMs(failures: number, s: BackoffSettings, random: () => number, ageMs?: number): number {
  const exponential = Math.min(s.maxMs, s.firstMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  const jittered = exponential / 2 + random() * (exponential / 2);
  const byAge = ageMs === undefined ? jittered : Math.min(jittered, Math.max(s.firstMs, ageMs / 2));
  return Math.max(1, Math.round(byAge));
}

/** Retry-After of an HTTP answer (seconds, or an HTTP date) in milliseconds, at most `maxMs`; undefined if absent. */
export function parseRetryAfter(value: string | null | undefined, now: number, maxMs = 300_000): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(maxMs, Math.max(0, ms)) : undefined;
}
