// What a purchase earns: the rules in priority order, each rounding down, and at most one multiplier per rule
// (the highest factor that applies; multipliers never multiply each other). Pure: the purchases module stores the
// breakdown with its transfer's reason, and the preview route shows it without writing anything.
import { daysBetween, localDate } from '../../kernel/time.js';
import {
  type EarnKind,
  type EarnRule,
  factorPercent,
  type LotLifetime,
  type Multiplier,
  type MultiplierRef,
  type RuleRef,
  type Scope,
  WEEKDAYS,
  type Weekday,
} from './rule.js';

export interface PurchaseItem {
  readonly sku: string;
  /** Units of the item (whole units). */
  readonly quantity: number;
  /** What the line costs in all, integer minor units. */
  readonly amount: number;
  readonly labels?: readonly string[];
}

/** What the rules look at. Amounts are integer minor units; `at` is epoch ms. */
export interface PurchaseFacts {
  readonly brand: string;
  readonly store: string;
  /** The store's opening date (local, YYYY-MM-DD), or null. */
  readonly storeOpensOn: string | null;
  readonly memberTags: readonly string[];
  /** Once tiers exist; until then null, and rules scoped to tiers apply to nobody. */
  readonly memberTier?: string | null;
  readonly amount: number;
  readonly items?: readonly PurchaseItem[];
  readonly at: number;
}

export interface EarnLine {
  readonly rule: RuleRef;
  readonly pointType: string;
  /** Points before any multiplier. */
  readonly base: number;
  /** The multiplier that applied (the highest factor), or null. */
  readonly multiplier: MultiplierRef | null;
  readonly points: number;
  /** The lots' lifetime; null: the point type's default. */
  readonly lifetime: LotLifetime | null;
}

export type SkipReason =
  | 'outside_window'
  | 'out_of_scope'
  | 'not_opening_period'
  | 'below_minimum'
  | 'no_matching_items'
  | 'nothing_earned'
  | 'after_exclusive';

export interface Evaluation {
  /** The rules that earned points, in the order they applied. */
  readonly earned: readonly EarnLine[];
  /** Points per point type. */
  readonly totals: readonly { readonly pointType: string; readonly points: number }[];
  /** Every other rule and why it earned nothing (for the preview). */
  readonly skipped: readonly { readonly rule: string; readonly reason: SkipReason }[];
  /** The purchase's local date in the program timezone. */
  readonly localDate: string;
}

export interface EvaluateInput {
  readonly rules: readonly EarnRule[];
  readonly multipliers: readonly Multiplier[];
  readonly purchase: PurchaseFacts;
  readonly timeZone: string;
}

/** Higher priority first, then by code: the order rules apply in (and `exclusive` stops). */
export function ruleOrder(a: EarnRule, b: EarnRule): number {
  return b.priority - a.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function evaluatePurchase(input: EvaluateInput): Evaluation {
  const { purchase, timeZone } = input;
  const day = localDate(purchase.at, timeZone);
  const earned: EarnLine[] = [];
  const skipped: { rule: string; reason: SkipReason }[] = [];
  let stopped = false;
  for (const rule of [...input.rules].sort(ruleOrder)) {
    const reason = stopped ? 'after_exclusive' : ineligible(rule, purchase, day);
    if (reason) {
      skipped.push({ rule: rule.code, reason });
      continue;
    }
    const base = Math.floor(measure(rule, purchase) / rule.every) * rule.points;
    if (base <= 0) {
      skipped.push({ rule: rule.code, reason: 'nothing_earned' });
      continue;
    }
    const m = bestMultiplier(input.multipliers, rule.kind, purchase, day);
    earned.push({
      rule: { code: rule.code, kind: rule.kind, names: rule.names },
      pointType: rule.pointType,
      base,
      multiplier: m ? { code: m.code, names: m.names, factor: m.factor } : null,
      points: m ? Math.floor((base * factorPercent(m)) / 100) : base,
      lifetime: rule.lifetime,
    });
    if (rule.exclusive) stopped = true;
  }
  return { earned, totals: totals(earned), skipped, localDate: day };
}

/** Why a rule does not apply to this purchase, or undefined when it does. */
function ineligible(rule: EarnRule, p: PurchaseFacts, day: string): SkipReason | undefined {
  if (!inWindow(rule, day)) return 'outside_window';
  if (!inScope(rule.scope, p)) return 'out_of_scope';
  if (rule.openingDays !== null && !inOpeningPeriod(p.storeOpensOn, rule.openingDays, day)) return 'not_opening_period';
  if (eligibleAmount(rule, p) < rule.minOrder) return 'below_minimum';
  if (rule.match !== null && matchingItems(rule, p).length === 0) return 'no_matching_items';
  return undefined;
}

export function inWindow(w: { validFrom: string | null; validTo: string | null }, day: string): boolean {
  return (w.validFrom === null || w.validFrom <= day) && (w.validTo === null || day <= w.validTo);
}

export function inScope(s: Scope, p: Pick<PurchaseFacts, 'brand' | 'store' | 'memberTags' | 'memberTier'>): boolean {
  if (s.brands.length > 0 && !s.brands.includes(p.brand)) return false;
  if (s.stores.length > 0 && !s.stores.includes(p.store)) return false;
  if (s.memberTags.length > 0 && !s.memberTags.some((t) => p.memberTags.includes(t))) return false;
  if (s.tiers.length > 0 && !(p.memberTier && s.tiers.includes(p.memberTier))) return false;
  return true;
}

/** From the opening date (day 0) to the day before `opensOn + days`. */
export function inOpeningPeriod(opensOn: string | null, days: number, day: string): boolean {
  if (opensOn === null) return false;
  const since = daysBetween(opensOn, day);
  return since >= 0 && since < days;
}

const excluded = (rule: EarnRule, item: PurchaseItem) => rule.excludedSkus.includes(item.sku);

/** The purchase's amount less its excluded items. */
function eligibleAmount(rule: EarnRule, p: PurchaseFacts): number {
  const out = (p.items ?? []).filter((i) => excluded(rule, i)).reduce((sum, i) => sum + i.amount, 0);
  return Math.max(0, p.amount - out);
}

function matchingItems(rule: EarnRule, p: PurchaseFacts): PurchaseItem[] {
  const m = rule.match;
  if (m === null) return [];
  return (p.items ?? []).filter(
    (i) => !excluded(rule, i) && (m.skus.includes(i.sku) || (i.labels ?? []).some((l) => m.labels.includes(l))),
  );
}

/** What the rule counts its steps in: the eligible amount, the matching items' amount, or their units. */
function measure(rule: EarnRule, p: PurchaseFacts): number {
  switch (rule.kind) {
    case 'spend':
      return eligibleAmount(rule, p);
    case 'product_amount':
      return matchingItems(rule, p).reduce((sum, i) => sum + i.amount, 0);
    case 'product_quantity':
      return matchingItems(rule, p).reduce((sum, i) => sum + i.quantity, 0);
  }
}

/** The weekday of a local date (calendar arithmetic; no timezone involved). */
export function weekdayOf(day: string): Weekday {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7] as Weekday;
}

/** True when the multiplier's days include this local date (a day of the month or a weekday). */
export function isMultiplierDay(m: Multiplier, day: string): boolean {
  return m.monthDays.includes(Number(day.slice(8, 10))) || m.weekdays.includes(weekdayOf(day));
}

/** Of the multipliers that apply to this rule kind on this day and purchase, the highest factor (ties: by code). */
export function bestMultiplier(
  multipliers: readonly Multiplier[],
  kind: EarnKind,
  p: PurchaseFacts,
  day: string,
): Multiplier | undefined {
  let best: Multiplier | undefined;
  for (const m of multipliers) {
    if (!m.kinds.includes(kind) || !inWindow(m, day) || !isMultiplierDay(m, day) || !inScope(m.scope, p)) continue;
    const better = !best || factorPercent(m) > factorPercent(best);
    const tie = best && factorPercent(m) === factorPercent(best) && m.code < best.code;
    if (better || tie) best = m;
  }
  return best;
}

function totals(lines: readonly EarnLine[]): { pointType: string; points: number }[] {
  const byType = new Map<string, number>();
  for (const l of lines) byType.set(l.pointType, (byType.get(l.pointType) ?? 0) + l.points);
  return [...byType].map(([pointType, points]) => ({ pointType, points }));
}
