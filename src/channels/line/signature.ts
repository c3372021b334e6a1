// x-line-signature = base64(HMAC-SHA256(raw body, channel secret)). Web Crypto only (no node:crypto), so the same
// code verifies webhooks on Node and on Cloudflare Workers. The comparison walks all 32 bytes whatever they hold.
const enc = new TextEncoder();

export type HmacKey = Promise<CryptoKey>;

/** Imports the channel secret once; reuse the key for every request. */
export function hmacKey(secret: string): HmacKey {
  return crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

async function mac(key: HmacKey, body: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await key, body));
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The 32 bytes a well-formed signature header encodes, or null (wrong length, not base64). */
function fromBase64(value: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return null;
  try {
    const s = atob(value);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out.length === 32 ? out : null;
  } catch {
    return null;
  }
}

/** The header LINE would send with this body (tests, the bench and the fake LINE use it to sign bodies). */
export async function lineSignature(secret: string | HmacKey, body: Uint8Array<ArrayBuffer> | string): Promise<string> {
  const key = typeof secret === 'string' ? hmacKey(secret) : secret;
  return toBase64(await mac(key, typeof body === 'string' ? enc.encode(body) : body));
}

/** True when `header` is the signature of `body`. Constant time in the header's content. */
export async function verifyLineSignature(
  key: HmacKey,
  body: Uint8Array<ArrayBuffer>,
  header: string | undefined,
): Promise<boolean> {
  const given = fromBase64((header ?? '').trim());
  const expected = await mac(key, body);
  const probe = given ?? new Uint8Array(32);
  let diff = given ? 0 : 1;
  for (let i = 0; i < expected.length; i++) diff |= (probe[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
