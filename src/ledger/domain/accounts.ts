/** Where points sit. Per point type, the balances of all accounts sum to zero. */
export type AccountKind = 'wallet' | 'issuance' | 'campaign_budget' | 'redemption' | 'expiry' | 'partner_settlement';

export type AccountRef =
  | { readonly kind: 'wallet'; readonly memberId: string }
  | { readonly kind: 'campaign_budget'; readonly campaign: string }
  | { readonly kind: 'partner_settlement'; readonly partner: string }
  | { readonly kind: 'issuance' | 'redemption' | 'expiry' };

export const wallet = (memberId: string): AccountRef => ({ kind: 'wallet', memberId });
export const campaignBudget = (campaign: string): AccountRef => ({ kind: 'campaign_budget', campaign });
export const ISSUANCE: AccountRef = { kind: 'issuance' };
export const REDEMPTION: AccountRef = { kind: 'redemption' };
export const EXPIRY: AccountRef = { kind: 'expiry' };

/** Program accounts every point type has from the start. */
export const PROGRAM_ACCOUNTS: readonly AccountKind[] = ['issuance', 'redemption', 'expiry'];

/** Wallets and budgets hold real points and may never go below zero; the database enforces this too. */
export function mayGoNegative(kind: AccountKind): boolean {
  return kind !== 'wallet' && kind !== 'campaign_budget';
}

/** The owner column that identifies the account among those of its kind. */
export function accountOwner(ref: AccountRef): string {
  switch (ref.kind) {
    case 'wallet':
      return ref.memberId;
    case 'campaign_budget':
      return ref.campaign;
    case 'partner_settlement':
      return ref.partner;
    default:
      return '';
  }
}

export function sameAccount(a: AccountRef, b: AccountRef): boolean {
  return a.kind === b.kind && accountOwner(a) === accountOwner(b);
}
