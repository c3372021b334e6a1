// "How to earn": which rules a member can use today, where, and the next member days (pure; views.ts words it).
import { addDays, localDate } from '../../kernel/time.js';
import type { PlaceNames } from '../../stores/domain/places.js';
import { inOpeningPeriod, inScope, inWindow, isMultiplierDay } from './evaluate.js';
import type { EarnRule, Multiplier, Scope } from './rule.js';

export interface GuidePlaces {
  readonly brands: readonly { readonly code: string; readonly names: PlaceNames }[];
  readonly stores: readonly {
    readonly code: string;
    readonly brand: string;
    readonly names: PlaceNames;
    readonly opensOn: string | null;
  }[];
}

export interface GuideInput extends GuidePlaces {
  readonly rules: readonly EarnRule[];
  readonly multipliers: readonly Multiplier[];
  /** The member's tags (none for a visitor): rules for other members' tags are left out. */
  readonly memberTags: readonly string[];
  readonly now: number;
  readonly timeZone: string;
}

export interface GuideRule {
  readonly rule: EarnRule;
  /** Where it applies: its stores, else its brands; empty means everywhere. */
  readonly places: readonly PlaceNames[];
  /** For an opening-period rule, the stores in their opening period today. */
  readonly openingStores: readonly PlaceNames[];
}

export interface GuideDay {
  readonly multiplier: Multiplier;
  readonly date: string;
  readonly today: boolean;
  readonly places: readonly PlaceNames[];
}

export interface Guide {
  readonly rules: readonly GuideRule[];
  readonly days: readonly GuideDay[];
}

/** How far ahead the next member day is looked for. */
export const GUIDE_DAYS_AHEAD = 62;
export const GUIDE_MAX_RULES = 10;
export const GUIDE_MAX_DAYS = 3;

/** A scope the member's tags satisfy, wherever they shop (brands and stores are described, not filtered). */
function forMember(scope: Scope, tags: readonly string[]): boolean {
  return scope.tiers.length === 0 && (scope.memberTags.length === 0 || scope.memberTags.some((t) => tags.includes(t)));
}

function places(scope: Scope, p: GuidePlaces): PlaceNames[] {
  if (scope.stores.length > 0) return p.stores.filter((s) => scope.stores.includes(s.code)).map((s) => s.names);
  return p.brands.filter((b) => scope.brands.includes(b.code)).map((b) => b.names);
}

function storesInScope(scope: Scope, p: GuidePlaces) {
  return p.stores.filter((s) => inScope(scope, { brand: s.brand, store: s.code, memberTags: [], memberTier: null }));
}

export function earnGuide(i: GuideInput): Guide {
  const today = localDate(i.now, i.timeZone);
  const rules: GuideRule[] = [];
  for (const rule of i.rules) {
    if (!inWindow(rule, today) || !forMember(rule.scope, i.memberTags)) continue;
    const openingStores =
      rule.openingDays === null
        ? []
        : storesInScope(rule.scope, i)
            .filter((s) => inOpeningPeriod(s.opensOn, rule.openingDays ?? 0, today))
            .map((s) => s.names);
    if (rule.openingDays !== null && openingStores.length === 0) continue;
    rules.push({ rule, places: places(rule.scope, i), openingStores });
  }
  const days: GuideDay[] = [];
  for (const m of i.multipliers) {
    if (!forMember(m.scope, i.memberTags)) continue;
    const date = nextDay(m, today);
    if (date) days.push({ multiplier: m, date, today: date === today, places: places(m.scope, i) });
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.multiplier.factor - a.multiplier.factor));
  return { rules: rules.slice(0, GUIDE_MAX_RULES), days: days.slice(0, GUIDE_MAX_DAYS) };
}

/** The first day from `today` on, within GUIDE_DAYS_AHEAD, that the multiplier applies on. */
export function nextDay(m: Multiplier, today: string): string | undefined {
  for (let n = 0; n <= GUIDE_DAYS_AHEAD; n++) {
    const day = addDays(today, n);
    if (inWindow(m, day) && isMultiplierDay(m, day)) return day;
  }
  return undefined;
}
