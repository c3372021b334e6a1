// Checkout offset: points that pay part of a purchase. A point type can pay when the settings entry
// `checkout_offset` lists it and its money value (`valueMinor`, minor units per point: 5 means 20 points = NT$1) is
// above 0. Per purchase, at most `maxSharePercent` of the amount, at least `minPoints`, and always whole money units
// (NT$1): the points come in steps of the fewest points worth a whole unit. Pure.
import { z } from 'zod';

export const OFFSET_SETTINGS_KEY = 'checkout_offset';

export const offsetRuleSchema = z.strictObject({
  pointType: z.string().regex(/^[a-z0-9_-]{1,32}$/),
  /** At most this share of the purchase amount, in percent. */
  maxSharePercent: z.number().int().min(1).max(100).default(100),
  /** Fewer points than this cannot pay. */
  minPoints: z.number().int().min(0).max(2_147_483_647).default(0),
});
export const offsetSettingsSchema = z.strictObject({ pointTypes: z.array(offsetRuleSchema).max(20).default([]) });
export type OffsetSettings = z.output<typeof offsetSettingsSchema>;

export interface OffsetOption {
  readonly pointType: string;
  /** Points the member may use on this purchase (0: none). */
  readonly points: number;
  /** What they are worth, minor units. */
  readonly valueMinor: number;
  /** Points per step (worth a whole money unit) and the value of one point. */
  readonly step: number;
  readonly pointValueMinor: number;
  /** Why it is 0, when it is. */
  readonly limitedBy: 'available' | 'share' | 'minimum' | null;
}

const MINOR_PER_UNIT = 100;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The fewest points worth a whole money unit: 20 at 5 minor units a point. */
export function offsetStep(valueMinor: number): number {
  return MINOR_PER_UNIT / gcd(MINOR_PER_UNIT, valueMinor);
}

/** What each point type the settings list can pay of `amount`, given what the member can spend of each. */
export function offsetQuote(input: {
  readonly settings: OffsetSettings;
  readonly pointTypes: readonly { readonly code: string; readonly valueMinor: number }[];
  readonly available: ReadonlyMap<string, number>;
  readonly amount: number;
}): OffsetOption[] {
  const options: OffsetOption[] = [];
  for (const rule of input.settings.pointTypes) {
    const pt = input.pointTypes.find((p) => p.code === rule.pointType);
    if (!pt || pt.valueMinor <= 0) continue;
    const step = offsetStep(pt.valueMinor);
    const byShare = Math.floor((input.amount * rule.maxSharePercent) / 100 / pt.valueMinor);
    const available = input.available.get(pt.code) ?? 0;
    const raw = Math.min(byShare, available);
    const points = Math.floor(raw / step) * step;
    const usable = points >= Math.max(rule.minPoints, 1) ? points : 0;
    const limitedBy = usable > 0 ? null : points > 0 ? 'minimum' : available < byShare ? 'available' : 'share';
    options.push({
      pointType: pt.code,
      points: usable,
      valueMinor: usable * pt.valueMinor,
      step,
      pointValueMinor: pt.valueMinor,
      limitedBy,
    });
  }
  return options;
}
