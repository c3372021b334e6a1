// STUB (being built): signed QR links and GET /qr/<token>.png. See issue 3.
import type { QrLinks } from '../../app/chat.js';
import type { RouteModule } from './app.js';

export interface QrSigner extends QrLinks {
  /** The member code inside a token, or null when the token is unsigned, tampered or malformed. */
  verify(token: string): Promise<string | null>;
}

export function createQrSigner(secret: string, publicBaseUrl: string): QrSigner {
  return {
    memberQrUrl: async (code) => `${publicBaseUrl}/qr/${encodeURIComponent(code)}.png`,
    verify: async () => (secret ? null : null),
  };
}

export function qrRoutes(_signer: QrSigner): RouteModule {
  return () => {};
}
