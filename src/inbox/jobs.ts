import { EVERY_MINUTE, type Job } from '../kernel/job.js';
import type { InboxProcessor } from './service.js';

/** Replies that hit a 429/5xx, and events a failed drain (or a stopped Workers isolate) left behind. */
export function inboxJobs(inbox: Pick<InboxProcessor, 'drain'>): Job[] {
  return [{ name: 'inbox-drain', schedule: EVERY_MINUTE, run: () => inbox.drain() }];
}
