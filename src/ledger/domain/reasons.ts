/**
 * Why points moved. Every transfer carries one of these codes and its parameters so the chat can explain a
 * change ("+50 flash giveaway 'Summer'", "-120 expired (earned 2025-12-01)"). Codes are stable: a change to a
 * campaign or catalogue never rewrites a past reason, because the parameters are copied into the transfer.
 */
export type ReasonCode =
  | 'welcome_bonus'
  | 'checkin'
  | 'streak_bonus'
  | 'giveaway'
  | 'coupon'
  | 'donation'
  | 'purchase'
  /** Points a refund took back of what a purchase earned (src/purchases). */
  | 'purchase_refund'
  | 'store_spend'
  | 'transfer'
  | 'adjustment'
  | 'budget_funding'
  | 'partner_exchange'
  | 'expired'
  | 'reversal';

export type ReasonParams = Readonly<Record<string, string | number | null>>;

export interface Reason {
  readonly code: ReasonCode;
  readonly params?: ReasonParams;
}
