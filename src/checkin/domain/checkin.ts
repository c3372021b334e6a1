import { z } from 'zod';
import { addDays } from '../../kernel/time.js';
import { lotLifetimeSchema } from '../../ledger/domain/point-type.js';

export const checkinSettingsSchema = z.object({
  pointType: z.string().min(1),
  amount: z.number().int().min(1).max(1_000_000),
  lifetime: lotLifetimeSchema.optional(),
  /** Extra points on reaching a streak day (e.g. day 7: +50). `repeat` also pays every multiple of `day`. */
  streakBonuses: z
    .array(
      z.object({
        day: z.number().int().min(2).max(366),
        amount: z.number().int().min(1),
        repeat: z.boolean().default(false),
      }),
    )
    .max(20)
    .default([]),
});
export type CheckinSettings = z.output<typeof checkinSettingsSchema>;

/** Consecutive local days count up; a missed day starts again at 1. */
export function nextStreak(lastCheckin: { localDate: string; streak: number } | null, today: string): number {
  return lastCheckin && lastCheckin.localDate === addDays(today, -1) ? lastCheckin.streak + 1 : 1;
}

export function streakBonus(settings: CheckinSettings, streak: number): number {
  return settings.streakBonuses
    .filter((b) => b.day === streak || (b.repeat && streak % b.day === 0))
    .reduce((sum, b) => sum + b.amount, 0);
}

/** The next streak day that pays a bonus after `streak`, and what it pays; null when none is ahead. */
export function nextBonus(settings: CheckinSettings, streak: number): { day: number; amount: number } | null {
  const ahead = settings.streakBonuses.map((b) =>
    b.repeat ? (Math.floor(streak / b.day) + 1) * b.day : b.day > streak ? b.day : Number.POSITIVE_INFINITY,
  );
  const day = Math.min(...ahead);
  return Number.isFinite(day) ? { day, amount: streakBonus(settings, day) } : null;
}

/** Why a check-in was refused: today's is taken already (a UNIQUE key), or the ledger refused the credit. */
export type CheckinRefusalCode = 'already_checked_in' | 'unavailable';

/** The streak as the check-in reply shows it: how far it is, and the next bonus ahead. */
export interface CheckinStrip {
  readonly localDate: string;
  readonly streak: number;
  readonly next: { day: number; amount: number } | null;
  readonly pointType: string;
}
