// Who a POS names: a scanned member token (signed, 5 minutes; the QR's `pm1.` form or the card's digits), a member code, or a phone number (only stores the
// configuration allows: PURCHASE_PHONE_STORES). The answer never echoes a phone number.
import type { Clock } from '../kernel/clock.js';
import { err, ok, type Result } from '../kernel/result.js';
import { verifyCardToken } from '../members/domain/member-number.js';
import { toE164 } from '../members/domain/phone.js';
import type { MemberRefInput } from './domain/requests.js';
import type { MemberRecord, PurchaseStore } from './store.js';

export type MemberRefusalCode =
  | 'member_not_found'
  | 'invalid_member_token'
  | 'member_token_expired'
  | 'phone_not_allowed'
  | 'invalid_phone';

export interface MemberResolverDeps {
  readonly store: PurchaseStore;
  readonly clock: Clock;
  readonly tokenSecret: string;
  /** Stores that may name a member by phone number; '*' for every store. */
  readonly phoneStores: readonly string[];
}

export class MemberResolver {
  constructor(private readonly d: MemberResolverDeps) {}

  /** The member code shown for a member id (null for a member that does not exist). */
  async memberCode(memberId: string): Promise<string | null> {
    return (await this.d.store.memberById(memberId))?.memberCode ?? null;
  }

  async resolve(
    storeCode: string,
    ref: MemberRefInput,
  ): Promise<Result<MemberRecord, { code: MemberRefusalCode; field: string }>> {
    if ('token' in ref) {
      // Either form the card shows: the signed `pm1.` token of its QR, or its numeric (barcode) form.
      const check = await verifyCardToken(this.d.tokenSecret, ref.token, this.d.clock.now());
      if (!check.ok) return err({ code: check.code, field: 'member.token' });
      const member =
        'memberId' in check
          ? await this.d.store.memberById(check.memberId)
          : await this.d.store.memberByCode(check.memberCode);
      return found(member, 'member.token');
    }
    if ('memberCode' in ref) return found(await this.d.store.memberByCode(ref.memberCode), 'member.memberCode');
    if (!this.d.phoneStores.includes('*') && !this.d.phoneStores.includes(storeCode))
      return err({ code: 'phone_not_allowed', field: 'member.phone' });
    const e164 = toE164(ref.phone);
    if (!e164) return err({ code: 'invalid_phone', field: 'member.phone' });
    return found(await this.d.store.memberByPhone(e164), 'member.phone');
  }
}

function found(
  member: MemberRecord | undefined,
  field: string,
): Result<MemberRecord, { code: MemberRefusalCode; field: string }> {
  return member ? ok(member) : err({ code: 'member_not_found', field });
}
