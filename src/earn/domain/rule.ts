// Earn rules and multipliers as definitions: what staff write through the admin API, checked here (pure).
import { z } from 'zod';
import type { Language } from '../../kernel/i18n/language.js';
import { isLocalDate } from '../../kernel/time.js';
import { type LotLifetime, lotLifetimeSchema } from '../../ledger/domain/point-type.js';
import { placeCode } from '../../stores/domain/places.js';

export const EARN_KINDS = ['spend', 'product_amount', 'product_quantity'] as const;
export type EarnKind = (typeof EARN_KINDS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Integer minor units (NT$1 = 100), as every amount in pointloop. At most NT$10,000,000 in one purchase. */
export const MAX_AMOUNT = 1_000_000_000;
const amount = z.number().int().min(0).max(MAX_AMOUNT);
const localDate = z.string().refine(isLocalDate, 'a local date YYYY-MM-DD');
const names = z.object({ 'zh-TW': z.string().trim().min(1).max(60), en: z.string().trim().min(1).max(60) });
const sku = z.string().min(1).max(64);
const label = z.string().min(1).max(40);
const tag = z.string().min(1).max(40);

export const EARN_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const code = z.string().regex(EARN_CODE_PATTERN, 'letters, digits, _ and -, at most 32');

/** Who and where a rule or multiplier applies to. An empty list means "any". */
export const scopeSchema = z.object({
  brands: z.array(placeCode).max(50).default([]),
  stores: z.array(placeCode).max(200).default([]),
  /** The member has at least one of these tags (member_tags). */
  memberTags: z.array(tag).max(20).default([]),
  /**
   * The member's tier is one of these. A typed hook for when tiers exist (issue: tiers): no member has a tier
   * yet, so the admin API does not take it, and a rule or multiplier with tiers applies to nobody.
   */
  tiers: z.array(placeCode).max(20).default([]),
});
export type Scope = z.output<typeof scopeSchema>;
const ANY_SCOPE: Scope = { brands: [], stores: [], memberTags: [], tiers: [] };

/** The items a product rule counts: by SKU or by label (any of them). */
export const matchSchema = z
  .object({ skus: z.array(sku).max(500).default([]), labels: z.array(label).max(50).default([]) })
  .refine((m) => m.skus.length + m.labels.length > 0, 'name at least one SKU or label');

const windowRefine = (w: { validFrom: string | null; validTo: string | null }) =>
  w.validFrom === null || w.validTo === null || w.validFrom <= w.validTo;

export const earnRuleSchema = z
  .object({
    code,
    names,
    kind: z.enum(EARN_KINDS),
    pointType: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a point type code'),
    /**
     * The step: minor units of the eligible amount (`spend`) or of the matching items (`product_amount`), or units
     * of the matching items (`product_quantity`). Every whole step earns `points`; a part of a step earns nothing.
     */
    every: z.number().int().min(1).max(MAX_AMOUNT),
    points: z.number().int().min(1).max(1_000_000),
    /** Product rules only: which items count. */
    match: matchSchema.nullable().default(null),
    /** The lots' lifetime; null: the point type's default. */
    lifetime: lotLifetimeSchema.nullable().default(null),
    /** Local dates in the program timezone, both inclusive; null: open. */
    validFrom: localDate.nullable().default(null),
    validTo: localDate.nullable().default(null),
    scope: scopeSchema.default(ANY_SCOPE),
    /** Only in the first N days after the store's opensOn (a "new store opening week": 7); null: always. */
    openingDays: z.number().int().min(1).max(366).nullable().default(null),
    /** The eligible amount (purchase minus excluded SKUs) must reach this. */
    minOrder: amount.default(0),
    /** Items with these SKUs earn nothing and count toward nothing. */
    excludedSkus: z.array(sku).max(500).default([]),
    /** Higher goes first; ties by code. */
    priority: z.number().int().min(-1000).max(1000).default(0),
    /** When this rule earns points, no rule after it (by priority) applies. */
    exclusive: z.boolean().default(false),
  })
  .refine(windowRefine, { message: 'must not end before it starts', path: ['validTo'] })
  .refine((r) => (r.kind === 'spend') === (r.match === null), {
    message: 'product rules name the items they count (match); spend rules count the whole purchase',
    path: ['match'],
  });
export type EarnRuleInput = z.input<typeof earnRuleSchema>;
export type EarnRule = z.output<typeof earnRuleSchema>;

/** A factor in hundredths at most: 3, 1.5, 2.25. */
const factor = z
  .number()
  .min(1)
  .max(100)
  .refine((f) => Math.abs(Math.round(f * 100) - f * 100) < 1e-6, 'at most two decimals');

export const multiplierSchema = z
  .object({
    code,
    names,
    factor,
    /** Days of the month (the 5th: [5]) in the program timezone. */
    monthDays: z.array(z.number().int().min(1).max(31)).max(31).default([]),
    /** Weekdays in the program timezone. A day matches when it is in either list. */
    weekdays: z.array(z.enum(WEEKDAYS)).max(7).default([]),
    scope: scopeSchema.default(ANY_SCOPE),
    /** The rule kinds it multiplies. */
    kinds: z
      .array(z.enum(EARN_KINDS))
      .min(1)
      .default([...EARN_KINDS]),
    validFrom: localDate.nullable().default(null),
    validTo: localDate.nullable().default(null),
  })
  .refine((m) => m.monthDays.length + m.weekdays.length > 0, {
    message: 'name the days: monthDays, weekdays or both',
    path: ['monthDays'],
  })
  .refine(windowRefine, { message: 'must not end before it starts', path: ['validTo'] });
export type MultiplierInput = z.input<typeof multiplierSchema>;
export type Multiplier = z.output<typeof multiplierSchema>;

/** A factor as an integer percentage (3x = 300), so points are computed in integers. */
export const factorPercent = (m: Pick<Multiplier, 'factor'>): number => Math.round(m.factor * 100);

/** What a purchase copies of the rule that earned its points: a later change to the rule rewrites nothing. */
export interface RuleRef {
  readonly code: string;
  readonly kind: EarnKind;
  readonly names: Readonly<Record<Language, string>>;
}

export interface MultiplierRef {
  readonly code: string;
  readonly names: Readonly<Record<Language, string>>;
  readonly factor: number;
}

export type { LotLifetime };
