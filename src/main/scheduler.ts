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
          // A job that did nothing (the inbox drain or the broadcast check, each minute) leaves no line but at debug.
          if (didSomething(result)) log.info({ job: job.name, result }, 'scheduled job done');
          else log.debug?.({ job: job.name, result }, 'scheduled job: nothing to do');
        } catch (error) {
          log.error({ err: error, job: job.name }, 'scheduled job failed');
        }
      }),
  );
  return () => {
    for (const c of crons) c.stop();
  };
}

/** A job's result tells of work done: a count above 0, true, or an object with such a value. */
export function didSomething(result: unknown): boolean {
  if (typeof result === 'number') return result > 0;
  if (typeof result === 'boolean') return result;
  if (Array.isArray(result)) return result.some(didSomething);
  if (result !== null && typeof result === 'object') return Object.values(result).some(didSomething);
  return false;
}
