// Shorthands for the pure earn tests: rules and multipliers through the same schema the admin API uses.
import {
  type EvaluateInput,
  type Evaluation,
  evaluatePurchase,
  type PurchaseFacts,
} from '../../src/earn/domain/evaluate.js';
import {
  type EarnRule,
  type EarnRuleInput,
  earnRuleSchema,
  type Multiplier,
  type MultiplierInput,
  multiplierSchema,
} from '../../src/earn/domain/rule.js';
import { startOfLocalDate } from '../../src/kernel/time.js';

export const TAIPEI = 'Asia/Taipei';

/** NT$ to integer minor units (NT$1 = 100). */
export const nt = (dollars: number): number => Math.round(dollars * 100);

const names = (en: string) => ({ 'zh-TW': en, en });

export function rule(r: Omit<EarnRuleInput, 'names' | 'pointType'> & Partial<EarnRuleInput>): EarnRule {
  return earnRuleSchema.parse({ names: names(r.code), pointType: 'bonus', ...r });
}

export function multiplier(m: Omit<MultiplierInput, 'names'> & Partial<MultiplierInput>): Multiplier {
  return multiplierSchema.parse({ names: names(m.code), ...m });
}

/** Noon of a local date in Taipei. */
export const noon = (date: string): number => startOfLocalDate(date, TAIPEI) + 12 * 3_600_000;

export function purchase(p: Partial<PurchaseFacts> & Pick<PurchaseFacts, 'amount'>): PurchaseFacts {
  return { brand: 'A', store: 'A1', storeOpensOn: null, memberTags: [], at: noon('2026-05-13'), ...p };
}

export function earn(
  rules: readonly EarnRule[],
  p: PurchaseFacts,
  multipliers: readonly Multiplier[] = [],
  timeZone: EvaluateInput['timeZone'] = TAIPEI,
): Evaluation {
  return evaluatePurchase({ rules, multipliers, purchase: p, timeZone });
}

/** The total points of one evaluation. */
export const points = (e: Evaluation): number => e.earned.reduce((sum, l) => sum + l.points, 0);
