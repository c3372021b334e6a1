// X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(raw body, app secret). Web Crypto only, so it runs on Node and
// Workers alike; the comparison walks all 32 bytes whatever they hold (constant time).
const enc = new TextEncoder();

function hexToBytes(hex: string): Uint8Array | null {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export async function hmacSha256(secret: string, body: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
}

/** The header value Meta would send for this body (tests sign their webhook bodies with it). */
export async function signatureHeader(secret: string, body: Uint8Array<ArrayBuffer> | string): Promise<string> {
  const bytes = typeof body === 'string' ? enc.encode(body) : body;
  const mac = await hmacSha256(secret, bytes);
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function verifySignature(
  secret: string,
  body: Uint8Array<ArrayBuffer>,
  header: string | undefined,
): Promise<boolean> {
  const m = /^sha256=(.*)$/.exec((header ?? '').trim());
  const given = m?.[1] ? hexToBytes(m[1]) : null;
  const expected = await hmacSha256(secret, body);
  const probe = given ?? new Uint8Array(32);
  let diff = given ? 0 : 1;
  for (let i = 0; i < expected.length; i++) diff |= (probe[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
