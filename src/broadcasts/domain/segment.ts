import { z } from 'zod';
import { CHANNELS } from '../../kernel/channel.js';
import { LANGUAGES } from '../../kernel/i18n/language.js';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a local date YYYY-MM-DD');
export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and - only');

/**
 * A saved filter over members. Every condition present must hold (AND); lists inside one condition are OR
 * (channels, languages) except tags, which must all be present. Sizes are bounded so that the compiled query
 * stays under D1's 100 bound parameters.
 */
export const segmentFilterSchema = z
  .object({
    channels: z.array(z.enum(CHANNELS)).min(1).max(CHANNELS.length).optional(),
    languages: z.array(z.enum(LANGUAGES)).min(1).max(LANGUAGES.length).optional(),
    registeredFrom: localDate.optional(),
    registeredTo: localDate.optional(),
    /** Wrote to us (any channel) in the last N days. */
    activeWithinDays: z.int().min(1).max(3650).optional(),
    /** Silent for at least N days. */
    inactiveForDays: z.int().min(1).max(3650).optional(),
    balances: z
      .array(
        z
          .object({
            pointType: z.string().regex(/^[a-z0-9_-]{1,32}$/),
            min: z.int().min(0).optional(),
            max: z.int().min(0).optional(),
          })
          .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'min must not exceed max'),
      )
      .max(5)
      .optional(),
    tags: z.array(tagSchema).min(1).max(10).optional(),
    /** Leave unfollowed/blocked members out entirely instead of counting them as skipped. */
    reachableOnly: z.boolean().default(false),
  })
  .strict()
  .refine(
    (f) => !f.registeredFrom || !f.registeredTo || f.registeredFrom <= f.registeredTo,
    'registeredFrom must not be after registeredTo',
  );

export type SegmentFilter = z.output<typeof segmentFilterSchema>;

export const segmentCodeSchema = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ and -');

export const segmentSchema = z.object({
  name: z.string().trim().min(1).max(80),
  filter: segmentFilterSchema,
});

/** Why a member of the audience is not sent to. */
export const SKIP_REASONS = ['opted_out', 'frequency_cap', 'unreachable', 'cancelled'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The channel chosen for a member with several identities: the first reachable one in this order. */
export const CHANNEL_PREFERENCE = ['line', 'wa_cloud', 'wa_web', 'simulator'] as const;
