import type { Channel } from '../kernel/channel.js';
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';

export interface IdentityRecord {
  readonly channel: Channel;
  readonly userId: string;
  readonly memberId: string | null;
  readonly language: Language | null;
  readonly reachable: boolean;
}

export interface MemberRecord {
  readonly id: string;
  readonly memberCode: string;
  readonly name: string;
  readonly phoneE164: string;
  readonly birthday: string | null;
  readonly language: Language;
  readonly registeredAt: number;
  readonly registeredLocalDate: string;
}

export interface NewMember extends MemberRecord {
  readonly consentVersion: string;
  readonly consentAt: number;
}

/** Members, their chat identities, link codes and opt-outs (the conversation's state is conversation/'s). */
export interface ChatStore {
  identity(channel: Channel, userId: string): Promise<IdentityRecord | undefined>;
  member(id: string): Promise<MemberRecord | undefined>;
  memberByCode(code: string): Promise<MemberRecord | undefined>;

  touchIdentity(channel: Channel, userId: string, language: Language | null, now: number): Statement;
  insertMember(member: NewMember): Statement;
  /** True when a batch was refused because a new member's unique field (its code) was taken meanwhile. */
  isRegistrationRace(e: BatchRefusal): boolean;
  attachIdentity(channel: Channel, userId: string, memberId: string): Statement;
  setMemberLanguage(memberId: string, language: Language): Statement;
  setIdentityLanguage(channel: Channel, userId: string, language: Language): Statement;
  setReachable(channel: Channel, userId: string, reachable: boolean): Statement;

  /** The newest code with these digits, live or not. */
  linkCode(
    code: string,
  ): Promise<{ id: number; memberId: string; expiresAt: number; usedAt: number | null } | undefined>;
  insertLinkCode(code: string, memberId: string, now: number, expiresAt: number): Statement;
  /** Marks a code used; the database refuses a used or expired code (link_code_used / link_code_expired). */
  useLinkCode(id: number, now: number): Statement;
  linkFailuresSince(channel: Channel, userId: string, since: number): Promise<number>;
  insertLinkAttempt(channel: Channel, userId: string, ok: boolean, now: number): Statement;
  detachIdentity(channel: Channel, userId: string): Statement;
  /** Broadcast opt-out (stop/退訂) and opt-in again (start/訂閱); idempotent either way. */
  setBroadcastOptOut(memberId: string, optOut: boolean, now: number): Statement;
  identityCount(memberId: string): Promise<number>;
}
