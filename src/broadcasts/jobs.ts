import { EVERY_MINUTE, type Job } from '../kernel/job.js';
import type { BroadcastService } from './service.js';

/**
 * Scheduled broadcasts that came due, and ones a crash, a restart or a Workers invocation's budget left half-sent
 * (each step is idempotent: a run that overlaps another just resumes).
 */
export function broadcastJobs(broadcasts: Pick<BroadcastService, 'runDue'>): Job[] {
  return [{ name: 'broadcasts', schedule: EVERY_MINUTE, run: () => broadcasts.runDue() }];
}
