/**
 * Every way a ledger command can be refused. The database raises most of these itself (triggers and
 * constraints in migrations/); the domain refuses bad input before anything is sent.
 */
export const LEDGER_REFUSALS = [
  'invalid_amount',
  'invalid_key',
  'unknown_point_type',
  'unknown_account',
  'same_account',
  'point_type_mismatch',
  'point_type_not_issuing',
  'insufficient_points',
  'budget_exhausted',
  'unknown_transfer',
  'not_reversible',
  'already_reversed',
  'reversal_mismatch',
  'invalid_expiry',
  'idempotency_conflict',
] as const;

export type LedgerRefusalCode = (typeof LEDGER_REFUSALS)[number];

export interface LedgerRefusal {
  readonly code: LedgerRefusalCode;
  readonly message: string;
}

const MESSAGES: Record<LedgerRefusalCode, string> = {
  invalid_amount: 'amount must be a whole number from 1 to 2147483647',
  invalid_key: 'idempotency key must be 1 to 200 characters',
  unknown_point_type: 'no such point type',
  unknown_account: 'no such account',
  same_account: 'debit and credit accounts must differ',
  point_type_mismatch: 'accounts hold a different point type',
  point_type_not_issuing: 'this point type is outside its issuing window',
  insufficient_points: 'not enough points',
  budget_exhausted: 'the campaign budget is used up',
  unknown_transfer: 'no such transfer',
  not_reversible: 'reversals and expiries cannot be reversed',
  already_reversed: 'this transfer was already reversed',
  reversal_mismatch: 'a reversal must mirror the transfer it reverses',
  invalid_expiry: 'only what is left of an expired lot can be expired',
  idempotency_conflict: 'this idempotency key was used for a different transfer',
};

export const refusal = (code: LedgerRefusalCode, message = MESSAGES[code]): LedgerRefusal => ({ code, message });

export function isLedgerRefusalCode(s: string): s is LedgerRefusalCode {
  return (LEDGER_REFUSALS as readonly string[]).includes(s);
}
