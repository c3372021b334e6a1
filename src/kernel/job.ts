/**
 * When a scheduled job runs, said twice: in program time for Node (croner, with PROGRAM_TIMEZONE) and in UTC for a
 * Workers cron trigger (wrangler.toml; `controller.cron` names the trigger that fired).
 */
export interface JobSchedule {
  /** A cron expression in the program's timezone. */
  readonly cron: string;
  /** The same moments as a UTC cron expression: one of the triggers in wrangler.toml. */
  readonly utcCron: string;
}

/**
 * A scheduled job a module contributes. Both runtimes loop over one list (src/main): Node starts a croner job per
 * entry, Workers' `scheduled()` runs the entries due on the trigger that fired, in list order. Every job is
 * idempotent: an overlap with another process or trigger is harmless.
 */
export interface Job {
  /** For logs: 'expiry-sweep'. */
  readonly name: string;
  readonly schedule: JobSchedule;
  /** What it did, for the log (undefined: nothing worth a line). */
  run(): Promise<unknown>;
}

/** Every minute, in any timezone. */
export const EVERY_MINUTE: JobSchedule = { cron: '* * * * *', utcCron: '* * * * *' };

/**
 * The jobs a Workers trigger runs, in list order: those scheduled on it, and the every-minute ones on any trigger
 * (they are catch-up passes: finishing the inbox, due broadcasts before a daily job).
 */
export function jobsOnTrigger(jobs: readonly Job[], utcCron: string): Job[] {
  return jobs.filter((j) => j.schedule.utcCron === EVERY_MINUTE.utcCron || j.schedule.utcCron === utcCron);
}
