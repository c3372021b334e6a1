// The rotating member token a POS scans: `pm1.<member id>.<expiry, epoch seconds>.<signature>`, valid for 5 minutes
// and signed (HMAC-SHA256, first 16 bytes, base64url) with MEMBER_TOKEN_SECRET. It carries no personal data: the
// member id is a random id that says nothing about the person, and a screenshot stops working when it expires.
// The card shows it as a QR code, beside a numeric form for barcodes (member-number.ts, src/members/card.ts).
// Web Crypto only (Node 20 and Workers both have it as a global): pure apart from the key, which comes in.

/** How long a token is valid. */
export const MEMBER_TOKEN_TTL_MS = 5 * 60_000;

const VERSION = 'pm1';
const TOKEN = /^pm1\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/;

export type MemberTokenCheck =
  | { readonly ok: true; readonly memberId: string; readonly expiresAt: number }
  | { readonly ok: false; readonly code: 'invalid_member_token' | 'member_token_expired' };

const encoder = new TextEncoder();

async function signature(secret: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(payload))).slice(0, 16);
  let binary = '';
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A token for `memberId`, valid from `now` for MEMBER_TOKEN_TTL_MS (to the second). */
export async function issueMemberToken(secret: string, memberId: string, now: number): Promise<string> {
  const expires = Math.floor((now + MEMBER_TOKEN_TTL_MS) / 1000);
  const payload = `${VERSION}.${memberId}.${expires}`;
  return `${payload}.${await signature(secret, payload)}`;
}

/** Checks a scanned token: its signature (in constant time), then that it is still valid at `now`. */
export async function verifyMemberToken(secret: string, token: string, now: number): Promise<MemberTokenCheck> {
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, code: 'invalid_member_token' };
  const [, memberId = '', expiresText = '', given = ''] = m;
  const expected = await signature(secret, `${VERSION}.${memberId}.${expiresText}`);
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) return { ok: false, code: 'invalid_member_token' };
  const expiresAt = Number(expiresText) * 1000;
  // A token claiming to live longer than a token lives was not made by issueMemberToken.
  if (expiresAt - now > MEMBER_TOKEN_TTL_MS + 1000) return { ok: false, code: 'invalid_member_token' };
  if (expiresAt <= now) return { ok: false, code: 'member_token_expired' };
  return { ok: true, memberId, expiresAt };
}
