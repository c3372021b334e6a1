import { Cron } from 'croner';
import type { Job } from '../kernel/job.js';
import type { Logger } from '../kernel/logger.js';

/**
 * The in-process scheduler for Node (croner): one cron per job, in program time. `protect` skips a run while the
 * previous one is still going; each job is idempotent anyway, so an overlap with another process is harmless.
 * Workers run the same list from their cron triggers (worker.ts).
 */
export function startNodeScheduler(jobs: readonly Job[], log: Logger, timeZone: string): () => void {
  const crons = jobs.map(
    (job) =>
      new Cron(job.schedule.cron, { timezone: timeZone, protect: true }, async () => {
        try {
          const result = await job.run();
          // A job with nothing to report (the inbox drain, each minute) leaves no line.
          if (result !== undefined) log.info({ job: job.name, result }, 'scheduled job done');
        } catch (error) {
          log.error({ err: error, job: job.name }, 'scheduled job failed');
        }
      }),
  );
  return () => {
    for (const c of crons) c.stop();
  };
}
