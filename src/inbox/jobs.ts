import { EVERY_MINUTE, type Job, type JobSchedule } from '../kernel/job.js';
import type { InboxProcessor } from './service.js';

export interface RetentionJob {
  /** Processed inbox payloads and delivered (or failed) outbox bodies older than this are blanked. */
  readonly days: number;
  /** RETENTION_CRON in program time (Node); RETENTION_CRON_UTC, one of wrangler.toml's triggers (Workers). */
  readonly schedule: JobSchedule;
}

/**
 * The inbox's jobs. Every minute: events and replies that are due (a retry after its backoff, what a stopped Workers
 * isolate left behind). Daily: retention (./retention.ts).
 */
export function inboxJobs(inbox: Pick<InboxProcessor, 'drain' | 'prune'>, retention?: RetentionJob): Job[] {
  return [
    { name: 'inbox-drain', schedule: EVERY_MINUTE, run: () => inbox.drain() },
    ...(retention
      ? [{ name: 'inbox-retention', schedule: retention.schedule, run: () => inbox.prune(retention.days) }]
      : []),
  ];
}
