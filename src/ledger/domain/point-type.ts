import { z } from 'zod';
import type { Language } from '../../kernel/i18n/language.js';
import { addDays, localDate, startOfLocalDate } from '../../kernel/time.js';

/** How long a credited lot lives unless the credit says otherwise. */
export type LotLifetime =
  | { readonly kind: 'days'; readonly days: number }
  | { readonly kind: 'end_of_month' }
  | { readonly kind: 'end_of_year' }
  | { readonly kind: 'never' };

export const lotLifetimeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(36_500) }),
  z.object({ kind: z.literal('end_of_month') }),
  z.object({ kind: z.literal('end_of_year') }),
  z.object({ kind: z.literal('never') }),
]);

/** A unit word as members read it after an amount ("點", "stamps"): 1-8 characters, no control characters. */
export const unitWordSchema = z
  .string()
  .trim()
  .min(1)
  .refine((w) => [...w].length <= 8, 'at most 8 characters')
  .refine((w) => !/\p{Cc}|\p{Cf}|\p{Zl}|\p{Zp}/u.test(w), 'no control or invisible characters');

/** The word after an amount, per language: zh-TW has one form, English a singular and a plural. */
export const pointUnitsSchema = z.object({
  'zh-TW': unitWordSchema,
  en: z.object({ one: unitWordSchema, other: unitWordSchema }),
});
export type PointUnits = z.output<typeof pointUnitsSchema>;

/** What a point type without its own units is counted in (and what existing rows got). */
export const DEFAULT_UNITS: PointUnits = { 'zh-TW': '點', en: { one: 'point', other: 'points' } };

export const pointTypeSchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'lower-case letters, digits, _ and -, at most 32'),
  names: z.object({ 'zh-TW': z.string().min(1).max(40), en: z.string().min(1).max(40) }),
  /** Money value of one point in integer minor units of `currency`. */
  valueMinor: z.number().int().min(0).default(0),
  currency: z.string().length(3).default('TWD'),
  issueFrom: z.number().int().nullable().default(null),
  issueTo: z.number().int().nullable().default(null),
  lifetime: lotLifetimeSchema.default({ kind: 'days', days: 365 }),
  units: pointUnitsSchema.default(DEFAULT_UNITS),
});

export type PointTypeInput = z.input<typeof pointTypeSchema>;
export type PointType = z.output<typeof pointTypeSchema>;

/** The unit word for `amount` in `language` ("點", "stamp", "stamps"); the default units when none are known. */
export function pointUnit(units: PointUnits | undefined, language: Language, amount: number): string {
  const u = units ?? DEFAULT_UNITS;
  if (language === 'zh-TW') return u['zh-TW'];
  return Math.abs(amount) === 1 ? u.en.one : u.en.other;
}

/**
 * An amount with its unit, as members read it: "1,250 點", "1 stamp", "30 points". Every member-facing amount of
 * points goes through this (or `pointUnit` where the sentence puts a word between the number and the unit).
 */
export function formatPoints(
  amount: number,
  pointType: { readonly units?: PointUnits } | undefined,
  language: Language,
): string {
  return `${amount.toLocaleString('en-US')} ${pointUnit(pointType?.units, language, amount)}`;
}

/**
 * When a lot credited at `creditedAt` expires: at local midnight in the program timezone, so members see
 * whole dates ("valid until 2026-12-31").
 */
export function lotExpiresAt(lifetime: LotLifetime, creditedAt: number, timeZone: string): number | null {
  const today = localDate(creditedAt, timeZone);
  switch (lifetime.kind) {
    case 'never':
      return null;
    case 'days':
      return startOfLocalDate(addDays(today, lifetime.days), timeZone);
    case 'end_of_month': {
      const [y, m] = today.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      return startOfLocalDate(next, timeZone);
    }
    case 'end_of_year': {
      const y = Number(today.slice(0, 4));
      return startOfLocalDate(`${y + 1}-01-01`, timeZone);
    }
  }
}

/**
 * `lotExpiresAt` for credits as they happen, worked out once per local day and lifetime: a lot's expiry depends
 * only on the local date of its credit, and finding that date in a timezone (Intl) costs a credit more than the
 * rest of its own work. Any instant is answered exactly as `lotExpiresAt` answers it; a day whose bounds do not
 * check out (an odd timezone rule) is simply not remembered.
 */
export class DailyLotExpiry {
  private day: { from: number; to: number; byLifetime: Map<string, number | null> } | undefined;

  constructor(private readonly timeZone: string) {}

  at(lifetime: LotLifetime, creditedAt: number): number | null {
    const day = this.dayOf(creditedAt);
    if (!day) return lotExpiresAt(lifetime, creditedAt, this.timeZone);
    const key = lifetime.kind === 'days' ? `days:${lifetime.days}` : lifetime.kind;
    const known = day.byLifetime.get(key);
    if (known !== undefined) return known;
    const expiry = lotExpiresAt(lifetime, creditedAt, this.timeZone);
    day.byLifetime.set(key, expiry);
    return expiry;
  }

  /** The local day [from, to) holding `t`, with what is known of it. */
  private dayOf(t: number) {
    if (this.day && t >= this.day.from && t < this.day.to) return this.day;
    const tz = this.timeZone;
    const today = localDate(t, tz);
    const from = startOfLocalDate(today, tz);
    const to = startOfLocalDate(addDays(today, 1), tz);
    const exact = from <= t && t < to && localDate(from, tz) === today && localDate(to - 1, tz) === today;
    this.day = exact ? { from, to, byLifetime: new Map() } : undefined;
    return this.day;
  }
}
