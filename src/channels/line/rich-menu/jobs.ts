// The rich menus' scheduled work: the sync (menus created once per content, default, bulk link) every minute (a
// claim insert and one read per menu once they exist); the queued per-user links every 10 seconds on Node, every minute on Workers.
import { EVERY_MINUTE, type Job } from '../../../kernel/job.js';
import type { RichMenus } from './service.js';

export function richMenuJobs(menus: RichMenus): Job[] {
  return [
    {
      name: 'rich-menu-sync',
      schedule: EVERY_MINUTE,
      // LINE down must not stop the jobs after this one on a Workers trigger: logged, tried again next minute.
      run: async () => {
        try {
          const r = await menus.sync();
          return r.some((m) => m.created || m.bulkLinked) ? r : undefined;
        } catch (error) {
          return { failed: error instanceof Error ? error.message : String(error) };
        }
      },
    },
    {
      name: 'rich-menu-links',
      schedule: { cron: '*/10 * * * * *', utcCron: EVERY_MINUTE.utcCron },
      run: async () => {
        const r = await menus.drainLinks();
        return r.linked + r.unlinked + r.retried + r.failed > 0 ? r : undefined;
      },
    },
  ];
}
