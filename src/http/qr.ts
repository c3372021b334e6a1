// Signed QR links and GET /qr/<token>.png. A token is `<payload>.<sig>`: payload = base64url(the code), sig =
// base64url(HMAC-SHA256(secret, "pointloop-qr-v1." + payload)). The code is a member or coupon code or a member token, never a
// name or a phone number. Web Crypto only (no node:crypto), so the signer runs on Node and on Workers alike.
import type { Hono } from 'hono';
import type { QrLinks } from '../conversation/index.js';
import type { RouteModule } from './app.js';

export interface QrSigner extends QrLinks {
  /** The member code inside a token, or null when the token is unsigned, tampered or malformed. */
  verify(token: string): Promise<string | null>;
}

/**
 * Member codes are digits, coupon codes upper-case letters and digits, member tokens `pm1.<id>.<expiry>.<sig>`
 * (src/members/domain/member-token.ts): nothing else is ever signed.
 */
const CODE = /^[A-Za-z0-9._-]{1,100}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
const CONTEXT = 'pointloop-qr-v1.';
const SIG_BYTES = 32;
const MAX_TOKEN = 200;

export function createQrSigner(secret: string, publicBaseUrl: string): QrSigner {
  if (!secret) throw new Error('QR signing secret is empty');
  const base = publicBaseUrl.replace(/\/+$/, '');
  const encoder = new TextEncoder();
  let key: Promise<CryptoKey> | undefined;
  const hmac = async (payload: string) => {
    key ??= crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(CONTEXT + payload)));
  };

  return {
    async memberQrUrl(code) {
      if (!CODE.test(code)) throw new Error('refusing to sign a QR for a malformed code');
      const payload = toBase64Url(encoder.encode(code));
      return `${base}/qr/${payload}.${toBase64Url(await hmac(payload))}.png`;
    },

    async verify(token) {
      if (token.length > MAX_TOKEN) return null;
      const parts = token.split('.');
      if (parts.length !== 2) return null;
      const [payload = '', sig = ''] = parts;
      if (!B64URL.test(payload) || !B64URL.test(sig)) return null;
      const given = fromBase64Url(sig);
      if (!given || given.length !== SIG_BYTES) return null;
      if (!constantTimeEqual(given, await hmac(payload))) return null;
      const bytes = fromBase64Url(payload);
      if (!bytes) return null;
      let code: string;
      try {
        code = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return null;
      }
      return CODE.test(code) ? code : null;
    },
  };
}

/** Compares two equal-length byte strings without an early exit, so timing says nothing about where they differ. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    // Only the canonical spelling: a token that decodes the same but is written differently is not ours.
    return toBase64Url(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}

/** Draws a QR code of `text` as PNG bytes. */
export type QrPngRenderer = (text: string) => Promise<Uint8Array>;

/**
 * The `qrcode` package's PNG output (pngjs, which needs Node's zlib and streams). Imported on first use so
 * bundles that inject their own renderer never load it. On Workers, either enable nodejs_compat or inject a
 * renderer built on QRCode.create() (pure JS) plus a small PNG encoder over CompressionStream('deflate').
 */
export const qrcodePng: QrPngRenderer = async (text) => {
  const { default: QRCode } = await import('qrcode');
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 });
  return new Uint8Array(png);
};

export interface QrRouteOptions {
  readonly png?: QrPngRenderer;
}

/** GET /qr/<token>.png: the QR PNG of a signed code; anything unsigned, tampered or malformed is a 404. */
export function qrRoutes(signer: QrSigner, options: QrRouteOptions = {}): RouteModule {
  const png = options.png ?? qrcodePng;
  return (app: Hono) => {
    app.get('/qr/:file', async (c) => {
      const file = c.req.param('file');
      const code = file.endsWith('.png') ? await signer.verify(file.slice(0, -'.png'.length)) : null;
      if (!code) return c.json({ error: 'not_found' }, 404);
      const body = await png(code);
      return c.body(new Uint8Array(body), 200, {
        'content-type': 'image/png',
        // The URL is derived from the code and the secret only, so its image never changes.
        'cache-control': 'public, max-age=604800, immutable',
        'x-content-type-options': 'nosniff',
      });
    });
  };
}
