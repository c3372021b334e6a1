// Earn rules and member-day multipliers: what other modules may use (its domain/ may be imported directly).
// The purchases module evaluates a purchase with `evaluatePurchase` (pure) or `EarnService.quote` (it looks the
// store and member up), and copies each EarnLine into its transfer's reason.
export { earnChat, HOW_TO_EARN } from './chat.js';
export { sqlEarnStore } from './db/earn-sql.js';
export {
  type EarnLine,
  type EvaluateInput,
  type Evaluation,
  evaluatePurchase,
  type PurchaseFacts,
  type PurchaseItem,
  type SkipReason,
} from './domain/evaluate.js';
export type { EarnKind, EarnRule, Multiplier, MultiplierRef, RuleRef } from './domain/rule.js';
export { earnAdminRoutes } from './http.js';
export {
  type DefineRefusal,
  type EarnDeps,
  type EarnPlaces,
  EarnService,
  type Quote,
  type QuoteInput,
  type QuoteRefusal,
} from './service.js';
export type { EarnStore, MemberRef, Stamped } from './store.js';
