// What the broadcast service is built from: its settings and its ports.
import type { Clock, IdGen } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import type { Limiter } from '../kernel/rate-limit.js';
import type { ContentReferences } from './content-check.js';
import type { MulticastSender } from './multicast.js';
import type { BroadcastStore } from './store.js';

export interface BroadcastSettings {
  /** A member gets at most this many broadcasts in any 7 days. */
  readonly frequencyCap: number;
  /** Multicast calls in flight at once. */
  readonly concurrency: number;
  /** Attempts per multicast before its recipients count as failed. */
  readonly maxAttempts: number;
  /** First backoff after a 429/5xx without Retry-After; doubles per attempt, capped at 30 s. */
  readonly backoffMs: number;
  /**
   * Work units per run (a LINE batch of <= 500, or 100 recipients handed to the outbox), 0 for no bound. Workers
   * set it so one cron invocation stays within its subrequest and D1 query limits; the next tick resumes.
   */
  readonly unitsPerRun?: number;
}

export interface BroadcastDeps {
  readonly db: Database;
  readonly store: BroadcastStore;
  readonly clock: Clock;
  readonly ids: IdGen;
  readonly log: Logger;
  /** LINE multicast; without it LINE recipients wait (and the broadcast stays 'sending'). */
  readonly line?: MulticastSender;
  /** Shared by every multicast of this process (the platform's rate limit). */
  readonly limiter: Limiter;
  /** Delivers what waits in the outbox (WhatsApp and simulator recipients go through it, throttled per channel). */
  readonly deliverOutbox: () => Promise<void>;
  readonly settings: BroadcastSettings;
  /** What a button may name (giveaways, catalogue items); without it buttons are not checked. */
  readonly references?: ContentReferences;
}
