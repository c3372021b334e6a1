import { Cron } from 'croner';
import type { BroadcastService } from '../broadcasts/service.js';
import type { InboxProcessor } from '../inbox/service.js';
import type { Logger } from '../kernel/logger.js';
import type { ScheduledJobs } from '../ledger/jobs.js';

export interface SchedulerOptions {
  readonly timeZone: string;
  readonly expirySweepCron: string;
  readonly remindersCron: string;
}

/**
 * The in-process scheduler for Node (croner). `protect` skips a run while the previous one is still going; each
 * job is idempotent anyway, so an overlap with another process is harmless. Workers use cron triggers instead.
 */
export function startNodeScheduler(
  jobs: ScheduledJobs,
  inbox: InboxProcessor,
  broadcasts: Pick<BroadcastService, 'runDue'>,
  log: Logger,
  o: SchedulerOptions,
): () => void {
  const run = (name: string, job: () => Promise<unknown>) => async () => {
    try {
      log.info({ job: name, result: await job() }, 'scheduled job done');
    } catch (error) {
      log.error({ err: error, job: name }, 'scheduled job failed');
    }
  };
  const crons = [
    new Cron(
      o.expirySweepCron,
      { timezone: o.timeZone, protect: true },
      run('expiry-sweep', () => jobs.expirySweep()),
    ),
    new Cron(
      o.remindersCron,
      { timezone: o.timeZone, protect: true },
      run('expiry-reminders', () => jobs.expiryReminders()),
    ),
    // Replies that hit a 429/5xx, and events a failed drain left behind.
    new Cron('* * * * *', { protect: true }, async () => {
      await inbox.drain();
    }),
    // Scheduled broadcasts that came due, and ones a crash or a restart left half-sent.
    new Cron(
      '* * * * *',
      { protect: true },
      run('broadcasts', () => broadcasts.runDue()),
    ),
  ];
  return () => {
    for (const c of crons) c.stop();
  };
}
