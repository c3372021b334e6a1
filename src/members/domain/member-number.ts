// The card's numeric member token: what a POS types or scans as a barcode (digits only), with the same promise as
// the signed `pm1.` token (member-token.ts): valid for 5 minutes, signed, no personal data in the clear.
//
// Layout, 22 digits: <member code, masked (10)><expiry tag (4)><MAC (8)>.
// - expiry: epoch seconds, a multiple of 10, at most MEMBER_TOKEN_TTL_MS after issue; the tag is (expiry / 10) mod
//   10^4, and the verifier takes the one expiry with that tag nearest to its clock (the tag repeats every ~27.8 h).
// - mask: the member code's digits plus a keystream from HMAC(secret, "pmn1-mask.<expiry>"), mod 10, so the static
//   member code can't be read off a screenshot or a receipt.
// - MAC: HMAC(secret, "pmn1.<member code>.<expiry>"), first 6 bytes, mod 10^8.
// Web Crypto only, so it runs on Node and Workers; the key comes in.
import { MEMBER_TOKEN_TTL_MS, verifyMemberToken } from './member-token.js';

const STEP_S = 10;
const TAG_MOD = 10_000;
const MAC_MOD = 100_000_000;
const CODE_DIGITS = 10;
const NUMBER = /^\d{22}$/;
/** A member code as members have them (src/kernel/ids.ts newMemberCode). */
const MEMBER_CODE = /^[1-9]\d{9}$/;
const PM1 = /^pm1\.[A-Za-z0-9_-]{1,64}\.\d{1,12}\.[A-Za-z0-9_-]{22}$/;

const encoder = new TextEncoder();

async function hmac(secret: string, text: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
}

async function mask(secret: string, expiry: number, digits: string, sign: 1 | -1): Promise<string> {
  const stream = await hmac(secret, `pmn1-mask.${expiry}`);
  return Array.from(digits, (d, i) => (Number(d) + sign * ((stream[i] ?? 0) % 10) + 10) % 10).join('');
}

async function mac(secret: string, memberCode: string, expiry: number): Promise<string> {
  const bytes = (await hmac(secret, `pmn1.${memberCode}.${expiry}`)).slice(0, 6);
  let n = 0;
  for (const b of bytes) n = n * 256 + b;
  return String(n % MAC_MOD).padStart(8, '0');
}

export interface MemberNumber {
  readonly code: string;
  /** Epoch ms: the code is refused from then on. */
  readonly expiresAt: number;
}

/** The numeric token for a member code, valid from `now` for (just under) MEMBER_TOKEN_TTL_MS. */
export async function issueMemberNumber(secret: string, memberCode: string, now: number): Promise<MemberNumber> {
  if (!MEMBER_CODE.test(memberCode)) throw new Error('refusing a numeric token for a malformed member code');
  const expiry = Math.floor((now + MEMBER_TOKEN_TTL_MS) / 1000 / STEP_S) * STEP_S;
  const tag = String((expiry / STEP_S) % TAG_MOD).padStart(4, '0');
  const code = `${await mask(secret, expiry, memberCode, 1)}${tag}${await mac(secret, memberCode, expiry)}`;
  return { code, expiresAt: expiry * 1000 };
}

export type MemberNumberCheck =
  | { readonly ok: true; readonly memberCode: string; readonly expiresAt: number }
  | { readonly ok: false; readonly code: 'invalid_member_token' | 'member_token_expired' };

/** Checks a typed or scanned numeric token: its MAC (constant time), then that it is still valid at `now`. */
export async function verifyMemberNumber(secret: string, text: string, now: number): Promise<MemberNumberCheck> {
  if (!NUMBER.test(text)) return { ok: false, code: 'invalid_member_token' };
  const tag = Number(text.slice(CODE_DIGITS, CODE_DIGITS + 4));
  const nowStep = Math.floor(now / 1000 / STEP_S);
  // The step with this tag nearest to now.
  let step = nowStep - ((((nowStep - tag) % TAG_MOD) + TAG_MOD) % TAG_MOD);
  if (nowStep - step > TAG_MOD / 2) step += TAG_MOD;
  const expiry = step * STEP_S;
  const memberCode = await mask(secret, expiry, text.slice(0, CODE_DIGITS), -1);
  const expected = await mac(secret, memberCode, expiry);
  const given = text.slice(CODE_DIGITS + 4);
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0 || !MEMBER_CODE.test(memberCode)) return { ok: false, code: 'invalid_member_token' };
  const expiresAt = expiry * 1000;
  if (expiresAt - now > MEMBER_TOKEN_TTL_MS + 1000) return { ok: false, code: 'invalid_member_token' };
  if (expiresAt <= now) return { ok: false, code: 'member_token_expired' };
  return { ok: true, memberCode, expiresAt };
}

/** Who a scanned card token names: a member id (the `pm1.` QR) or a member code (the numeric form). */
export type ScannedMember =
  | { readonly ok: true; readonly memberId: string; readonly expiresAt: number }
  | { readonly ok: true; readonly memberCode: string; readonly expiresAt: number }
  | { readonly ok: false; readonly code: 'invalid_member_token' | 'member_token_expired' };

/**
 * Verifies either form the card shows, as the store API's `{ token }` receives it: digits are the numeric form,
 * anything else the signed `pm1.` token. Spaces and dashes a cashier types between digit groups are ignored.
 */
export async function verifyCardToken(secret: string, token: string, now: number): Promise<ScannedMember> {
  const digits = token.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits)) return verifyMemberNumber(secret, digits, now);
  return verifyMemberToken(secret, token, now);
}

/** True for what the card shows (either token form, or a member code): a code a cashier scanned from a card. */
export function looksLikeMemberCard(text: string): boolean {
  const digits = text.replace(/[\s-]/g, '');
  return PM1.test(text) || MEMBER_CODE.test(digits) || NUMBER.test(digits);
}

/** Groups a numeric token for reading out: "1234 5678 9012 3456 7890 12". */
export function groupDigits(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}
