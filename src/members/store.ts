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

/** A link code's refusals as the members module names them (the database's own codes stay in db/). */
export type LinkRefusal =
  /** Two live codes drew the same digits: draw again. */
  | 'code_taken'
  | 'code_used'
  | 'code_expired'
  /** Five wrong guesses in its bucket killed it. */
  | 'code_dead'
  /** The program-wide limit of wrong guesses a minute is reached: nothing is checked for now. */
  | 'too_many_tries'
  /** This chat identity made five wrong guesses in ten minutes. */
  | 'identity_locked';

export interface ChatIdentityRef {
  readonly channel: Channel;
  readonly userId: string;
}

export interface LinkCodeRecord {
  readonly id: number;
  readonly memberId: string;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  /** Five wrong guesses in its bucket since it was issued: it is refused like a wrong code. */
  readonly dead: boolean;
  /** The chat that asked for it (null for codes issued before this was recorded). */
  readonly issuedTo: ChatIdentityRef | null;
}

export interface LinkAttempt {
  readonly ok: boolean;
  /** The guess's bucket (its first 3 digits): a wrong guess counts against the live codes of that bucket. */
  readonly bucket: string;
  /** The program-wide limit in force: the insert is refused once this many wrong guesses came in 60 seconds. */
  readonly maxWrongPerMinute: number;
}

/** Link codes and the chats they attached (db/link-sql.ts). */
export interface LinkStore {
  /** The newest code with these digits, live or not. */
  linkCode(code: string): Promise<LinkCodeRecord | undefined>;
  insertLinkCode(code: string, memberId: string, issuedTo: ChatIdentityRef, now: number, expiresAt: number): Statement;
  /** Marks a code used by `by`; the database refuses a used, expired or dead code. */
  useLinkCode(id: number, by: ChatIdentityRef, now: number): Statement;
  /** Records a guess; refused (too_many_tries, identity_locked) when a limit is reached. */
  insertLinkAttempt(by: ChatIdentityRef, attempt: LinkAttempt, now: number): Statement;
  /** A refusal in link code terms, or undefined when the refusal is not about link codes. */
  classifyLink(e: BatchRefusal): LinkRefusal | undefined;
  /** The chat that used the member's code `linkId`, and whether it still belongs to the member. */
  linkedBy(linkId: number, memberId: string): Promise<(ChatIdentityRef & { readonly linked: boolean }) | undefined>;
  /**
   * Detaches the chat that used code `linkId`, only while it belongs to `memberId` (the member asking) and is not
   * the asking chat itself: a link id of another member's code detaches nothing.
   */
  detachLinked(linkId: number, memberId: string, asking: ChatIdentityRef): Statement;
}

/** Members, their chat identities, link codes and opt-outs (the conversation's state is conversation/'s). */
export interface ChatStore extends LinkStore {
  identity(channel: Channel, userId: string): Promise<IdentityRecord | undefined>;
  member(id: string): Promise<MemberRecord | undefined>;
  memberByCode(code: string): Promise<MemberRecord | undefined>;

  touchIdentity(channel: Channel, userId: string, language: Language | null, now: number): Statement;
  /** Refused when another member has the phone number (isPhoneTaken) or the drawn member code (isRegistrationRace). */
  insertMember(member: NewMember): Statement;
  /** True when a batch was refused because a new member's drawn code (or id) was taken meanwhile: draw again. */
  isRegistrationRace(e: BatchRefusal): boolean;
  /** True when a batch was refused because another member has this phone number: one member per number. */
  isPhoneTaken(e: BatchRefusal): boolean;
  attachIdentity(channel: Channel, userId: string, memberId: string): Statement;
  setMemberLanguage(memberId: string, language: Language): Statement;
  setIdentityLanguage(channel: Channel, userId: string, language: Language): Statement;
  setReachable(channel: Channel, userId: string, reachable: boolean): Statement;
  detachIdentity(channel: Channel, userId: string): Statement;
  /** Broadcast opt-out (stop/退訂) and opt-in again (start/訂閱); idempotent either way. */
  setBroadcastOptOut(memberId: string, optOut: boolean, now: number): Statement;
  identityCount(memberId: string): Promise<number>;
}
