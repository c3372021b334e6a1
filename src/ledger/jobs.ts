import { z } from 'zod';
import { pointsOf, unitOf } from '../conversation/domain/amounts.js';
import type { Reply } from '../conversation/domain/replies.js';
import {
  type BrandInfo,
  engagementQuickReplies,
  lastValidDate,
  pointTypeName,
  type ViewContext,
} from '../conversation/domain/views.js';
import type { CatalogItem } from '../coupons/domain/catalog.js';
import type { InboxProcessor, InboxStore } from '../inbox/index.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { t } from '../kernel/i18n/catalog.js';
import type { Job, JobSchedule } from '../kernel/job.js';
import { DAY_MS, localTime } from '../kernel/time.js';
import type { SettingsStore } from '../settings/index.js';
import type { ExpirySweepResult, Ledger } from './service.js';
import type { DueReminder, ReminderStore } from './store.js';

export const reminderSettingsSchema = z.object({
  daysBefore: z.number().int().min(1).max(60).default(7),
  /** No pushes between quietStart and quietEnd, program local time ('HH:MM'); the window may wrap midnight. */
  quietStart: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('21:00'),
  quietEnd: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('09:00'),
});
export type ReminderSettings = z.output<typeof reminderSettingsSchema>;

export function inQuietHours(now: number, timeZone: string, s: ReminderSettings): boolean {
  const time = localTime(now, timeZone);
  return s.quietStart <= s.quietEnd
    ? time >= s.quietStart && time < s.quietEnd
    : time >= s.quietStart || time < s.quietEnd;
}

export interface JobsDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly settings: SettingsStore;
  readonly reminders: ReminderStore;
  /** The coupon mall's active items: a reminder suggests the cheapest one. */
  readonly catalog: { activeItems(): Promise<CatalogItem[]> };
  readonly inboxStore: InboxStore;
  readonly inbox: InboxProcessor;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly brand: BrandInfo;
}

export type ReminderRun =
  | { readonly status: 'quiet_hours' }
  | { readonly status: 'done'; readonly sent: number; readonly alreadySent: number };

/**
 * Scheduled jobs, plain functions so the Node scheduler (croner) and a Workers cron trigger can both call them.
 * Both are idempotent: the sweep is keyed per lot, a reminder per member, point type and expiry instant.
 */
export class ScheduledJobs {
  constructor(private readonly d: JobsDeps) {}

  expirySweep(): Promise<ExpirySweepResult> {
    return this.d.ledger.expire();
  }

  async expiryReminders(): Promise<ReminderRun> {
    const settings = reminderSettingsSchema.parse((await this.d.settings.setting('reminders')) ?? {});
    const now = this.d.clock.now();
    if (inQuietHours(now, this.d.timeZone, settings)) return { status: 'quiet_hours' };
    const due = await this.d.reminders.dueReminders(now, now + settings.daysBefore * DAY_MS, 500);
    const pointTypes = await this.d.ledger.pointTypes();
    const items = await this.d.catalog.activeItems();
    let sent = 0;
    let alreadySent = 0;
    for (const r of due) {
      const ctx: ViewContext = { language: r.language, timeZone: this.d.timeZone, brand: this.d.brand, pointTypes };
      const available =
        (await this.d.ledger.balances(r.memberId)).find((b) => b.pointType === r.pointType)?.available ?? 0;
      const reply = reminderReply(ctx, r, available, items);
      const result = await this.d.db.batch([
        this.d.reminders.insertReminder(r, now),
        this.d.inboxStore.enqueue(
          {
            inboxId: null,
            channel: r.channel,
            userId: r.userId,
            replyToken: null,
            replies: [reply],
            retryKey: crypto.randomUUID(),
          },
          now,
        ),
      ]);
      if (result.ok) sent++;
      else if (result.error.kind === 'unique') alreadySent++;
      else throw new Error(`reminder refused: ${result.error.code}`);
    }
    if (sent > 0) await this.d.inbox.deliverDue();
    return { status: 'done', sent, alreadySent };
  }
}

/** When the two ledger jobs run (EXPIRY_SWEEP_CRON / REMINDERS_CRON, and their UTC twins for Workers). */
export interface LedgerJobSchedules {
  readonly expirySweep: JobSchedule;
  readonly reminders: JobSchedule;
}

/** The expiry sweep and the expiry reminders, as entries of the scheduled job list. */
export function ledgerJobs(jobs: ScheduledJobs, schedules: LedgerJobSchedules): Job[] {
  return [
    { name: 'expiry-sweep', schedule: schedules.expirySweep, run: () => jobs.expirySweep() },
    { name: 'expiry-reminders', schedule: schedules.reminders, run: () => jobs.expiryReminders() },
  ];
}

function reminderReply(
  ctx: ViewContext,
  r: DueReminder,
  available: number,
  items: readonly {
    names: Record<'zh-TW' | 'en', string>;
    cost: number;
    pointType: string;
    stockRemaining?: number | null;
  }[],
): Reply {
  const cheapest = items
    .filter((i) => i.pointType === r.pointType && i.stockRemaining !== 0)
    .sort((a, b) => a.cost - b.cost)[0];
  const suggestion = !cheapest
    ? ''
    : available >= cheapest.cost
      ? t(ctx.language, 'reminder.can_afford', {
          item: cheapest.names[ctx.language],
          cost: pointsOf(ctx, r.pointType, cheapest.cost),
        })
      : t(ctx.language, 'reminder.needs_more', {
          item: cheapest.names[ctx.language],
          missing: (cheapest.cost - available).toLocaleString('en-US'),
          unit: unitOf(ctx, r.pointType, cheapest.cost - available),
        });
  const text = t(ctx.language, 'reminder.expiring', {
    points: pointsOf(ctx, r.pointType, r.amount),
    pointType: pointTypeName(ctx, r.pointType),
    date: lastValidDate(ctx, r.expiresAt),
    suggestion,
  }).trim();
  return { kind: 'text', language: ctx.language, text, quickReplies: engagementQuickReplies(ctx) };
}
