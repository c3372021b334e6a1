// The storage port of earn rules and multipliers (src/earn/db/earn-sql.ts implements it).
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { EarnRule, Multiplier } from './domain/rule.js';

export type Stamped<T> = T & { readonly createdAt: number; readonly updatedAt: number };

/** Why the database refused a rule or multiplier: it names something that does not exist. */
export const DEFINITION_REFUSALS = ['unknown_point_type', 'unknown_brand', 'unknown_store'] as const;
export type DefinitionRefusalCode = (typeof DEFINITION_REFUSALS)[number];

/** Who a preview or a purchase is for: a member by id or by member code. */
export type MemberRef = { readonly id: string } | { readonly memberCode: string };

export interface EarnStore {
  upsertRule(rule: EarnRule, now: number): Statement;
  /** Deletes a rule; RETURNING its code (no row: there was none). */
  deleteRule(code: string): Statement;
  rules(): Promise<Stamped<EarnRule>[]>;
  rule(code: string): Promise<Stamped<EarnRule> | undefined>;
  upsertMultiplier(m: Multiplier, now: number): Statement;
  deleteMultiplier(code: string): Statement;
  multipliers(): Promise<Stamped<Multiplier>[]>;
  multiplier(code: string): Promise<Stamped<Multiplier> | undefined>;
  /** The member and their tags, or undefined when there is no such member. */
  member(ref: MemberRef): Promise<{ id: string; memberCode: string; tags: string[] } | undefined>;
  memberTags(memberId: string): Promise<string[]>;
  /** What a refused definition means, or undefined if none of its guards refused it. */
  classify(e: BatchRefusal): DefinitionRefusalCode | undefined;
}
