import type { BalanceData } from '../conversation/domain/views.js';
import type { Ledger } from './service.js';

/** A member's balances with the next expiry of each point type, as the chat shows them. */
export async function memberBalances(ledger: Ledger, memberId: string): Promise<BalanceData[]> {
  const [balances, expiring] = await Promise.all([ledger.balances(memberId), ledger.nextExpiring(memberId)]);
  return balances.map((b) => {
    const next = expiring.find((e) => e.pointType === b.pointType);
    return { pointType: b.pointType, available: b.available, nextExpiry: next ?? null };
  });
}
