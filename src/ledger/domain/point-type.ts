import { z } from 'zod';
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

export const pointTypeSchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'lower-case letters, digits, _ and -, at most 32'),
  names: z.object({ 'zh-TW': z.string().min(1).max(40), en: z.string().min(1).max(40) }),
  /** Money value of one point in integer minor units of `currency`. */
  valueMinor: z.number().int().min(0).default(0),
  currency: z.string().length(3).default('TWD'),
  issueFrom: z.number().int().nullable().default(null),
  issueTo: z.number().int().nullable().default(null),
  lifetime: lotLifetimeSchema.default({ kind: 'days', days: 365 }),
});

export type PointTypeInput = z.input<typeof pointTypeSchema>;
export type PointType = z.output<typeof pointTypeSchema>;

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
