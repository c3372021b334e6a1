// What a chat turn needs from outside: platform profiles (channels), signed QR links (http), who is writing
// (members) and where the conversation state is kept.
import type { Channel, InboundProfile } from '../kernel/channel.js';
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';

export interface ProfileSource {
  /** The platform profile of a user; undefined when it cannot be had (the chat copes without it). */
  profile(userId: string): Promise<InboundProfile | undefined>;
}

export interface QrLinks {
  /** Absolute URL of a PNG QR code for a member code, signed so it cannot be forged or enumerated. */
  memberQrUrl(memberCode: string): Promise<string>;
}

/** The member a turn speaks to, as the conversation sees them (members/ owns the full record). */
export interface ChatMember {
  readonly id: string;
  readonly memberCode: string;
  readonly name: string;
  readonly language: Language;
  readonly registeredLocalDate: string;
}

export interface ChatIdentity {
  readonly memberId: string | null;
  readonly language: Language | null;
}

/** Who is writing: implemented by members/ (identities and members). */
export interface MemberDirectory {
  identity(channel: Channel, userId: string): Promise<ChatIdentity | undefined>;
  member(id: string): Promise<ChatMember | undefined>;
  /** Records that this identity wrote now (and its language, once known). */
  touchIdentity(channel: Channel, userId: string, language: Language | null, now: number): Statement;
}

export interface StoredState {
  readonly version: number;
  readonly state: unknown;
}

/** Conversation state per chat identity, versioned for optimistic concurrency (conversation/db). */
export interface StateStore {
  state(channel: Channel, userId: string): Promise<StoredState | undefined>;
  /** Writes version `version`; the batch is refused if another turn wrote that version first. */
  writeState(channel: Channel, userId: string, version: number, state: unknown, now: number): Statement[];
  /** True when a batch was refused because another turn of this identity committed first. */
  isLostRace(e: BatchRefusal): boolean;
}
