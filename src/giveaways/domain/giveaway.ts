import { z } from 'zod';
import { isLocalDate } from '../../kernel/time.js';
import { lotLifetimeSchema } from '../../ledger/domain/point-type.js';

const localDate = z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD');

export const giveawaySchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9_-]{1,32}$/, 'upper-case letters, digits, _ and -, at most 32'),
    titles: z.object({ 'zh-TW': z.string().min(1).max(60), en: z.string().min(1).max(60) }),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    pointType: z.string().min(1),
    perClaim: z.number().int().min(1).max(1_000_000),
    budget: z.number().int().min(1).max(2_147_483_647),
    dailyLimit: z.number().int().min(1).max(100).default(1),
    totalLimit: z.number().int().min(1).max(10_000).default(1),
    lifetime: lotLifetimeSchema.nullable().default(null),
    audience: z
      .object({ registeredFrom: localDate.nullable().default(null), registeredTo: localDate.nullable().default(null) })
      .default({ registeredFrom: null, registeredTo: null }),
  })
  .refine((g) => g.startsAt < g.endsAt, { message: 'must end after it starts', path: ['endsAt'] })
  .refine((g) => g.budget >= g.perClaim, { message: 'must cover at least one claim', path: ['budget'] });

export type GiveawayInput = z.input<typeof giveawaySchema>;
export type Giveaway = z.output<typeof giveawaySchema>;

/** Why a claim was refused: raised by the database guards (migrations/0004) or found before the batch. */
export const CLAIM_REFUSALS = [
  'unknown_giveaway',
  'giveaway_not_started',
  'giveaway_ended',
  'not_eligible',
  'sold_out',
  'daily_limit_reached',
  'total_limit_reached',
] as const;
export type ClaimRefusalCode = (typeof CLAIM_REFUSALS)[number];

export function isClaimRefusal(code: string): code is ClaimRefusalCode {
  return (CLAIM_REFUSALS as readonly string[]).includes(code);
}

export function isLive(g: Pick<Giveaway, 'startsAt' | 'endsAt'>, now: number): boolean {
  return g.startsAt <= now && now < g.endsAt;
}
