import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { ClaimRefusalCode, Giveaway } from './domain/giveaway.js';

export interface GiveawayView extends Giveaway {
  readonly budgetLeft: number;
}

export interface NewClaim {
  readonly giveawayCode: string;
  readonly memberId: string;
  readonly localDate: string;
  readonly transferKey: string;
  readonly now: number;
}

/** Storage for giveaways and their claims (the budget itself is a ledger account). */
export interface GiveawayStore {
  upsertGiveaway(g: Giveaway, now: number): Statement;
  giveaway(code: string): Promise<GiveawayView | undefined>;
  /** The giveaway's budget balance as text with thousands separators ("7,350"), as a scalar SQL expression. */
  budgetLeftText(code: string, pointType: string): Statement;
  /** Claims the budget still pays (budget left / per claim), as text with thousands separators. */
  claimsLeftText(code: string, pointType: string, perClaim: number): Statement;
  /** The member's spendable balance of a point type, as text (read inside the committing batch). */
  walletText(memberId: string, pointType: string, now: number): Statement;
  /** The member's claims per giveaway: on `localDate` and in all. */
  memberClaims(memberId: string, localDate: string): Promise<{ code: string; today: number; total: number }[]>;
  liveGiveaways(now: number): Promise<GiveawayView[]>;
  /** A claim row whose day and total slots are counted inside the statement; the trigger enforces limits. */
  insertClaim(c: NewClaim): Statement;
  claimsToday(giveawayCode: string, memberId: string, localDate: string): Promise<number>;
  /** What a refusal of a claim's batch means, or undefined if none of its guards refused it. */
  classify(e: BatchRefusal): ClaimRefusalCode | undefined;
}
