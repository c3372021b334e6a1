// What a chat turn needs from outside: platform profiles (channels) and signed QR links (http).
import type { InboundProfile } from '../kernel/channel.js';

export interface ProfileSource {
  /** The platform profile of a user; undefined when it cannot be had (the chat copes without it). */
  profile(userId: string): Promise<InboundProfile | undefined>;
}

export interface QrLinks {
  /** Absolute URL of a PNG QR code for a member code, signed so it cannot be forged or enumerated. */
  memberQrUrl(memberCode: string): Promise<string>;
}
