// The member card: the QR of the rotating member token (signed, 5 minutes), its numeric form for a POS to type or
// scan, and the static member code only where the brand shows it (CARD_SHOWS_MEMBER_CODE).
import type { Reply } from '../conversation/domain/replies.js';
import { type BalanceData, cardReply, type ViewContext } from '../conversation/domain/views.js';
import type { QrLinks } from '../conversation/index.js';
import { issueMemberNumber } from './domain/member-number.js';
import { issueMemberToken } from './domain/member-token.js';
import type { MemberRecord } from './store.js';

export interface CardSettings {
  /** Signs both token forms (MEMBER_TOKEN_SECRET); the store API verifies them with the same secret. */
  readonly tokenSecret: string;
  /** Whether the card shows the static member code (CARD_SHOWS_MEMBER_CODE, default true). */
  readonly showMemberCode: boolean;
}

export interface CardDeps {
  readonly qr: QrLinks;
  readonly card: CardSettings;
}

type CardMember = Pick<MemberRecord, 'id' | 'name' | 'memberCode' | 'registeredLocalDate'>;

/** The card reply for `member` at `now`: fresh tokens every time it is shown. */
export async function memberCard(
  d: CardDeps,
  view: ViewContext,
  member: CardMember,
  balances: readonly BalanceData[],
  now: number,
): Promise<Reply> {
  const token = await issueMemberToken(d.card.tokenSecret, member.id, now);
  const number = await issueMemberNumber(d.card.tokenSecret, member.memberCode, now);
  return cardReply(view, {
    memberName: member.name,
    memberCode: d.card.showMemberCode ? member.memberCode : null,
    registeredLocalDate: member.registeredLocalDate,
    qrUrl: await d.qr.memberQrUrl(token),
    token: number,
    balances,
  });
}
