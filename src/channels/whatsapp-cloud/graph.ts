// POST /{phone-number-id}/messages on the Graph API with the access token. fetch only (Node and Workers).
import { parseRetryAfter } from '../../inbox/index.js';
import type { GraphMessage } from './graph-message.js';

export interface GraphOptions {
  /** https://graph.facebook.com/v21.0 by default; tests point it at a fake Graph server on loopback. */
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** One call may take this long, then it counts as failed (retried later). 10 s by default. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export type GraphResult =
  | { readonly ok: true; readonly wamid: string | null }
  | {
      readonly ok: false;
      readonly retry: boolean;
      readonly error: string;
      /** A rate limit (429 or a throttling code): Graph is up, this number is sending too fast. */
      readonly throttled?: boolean;
      /** Retry-After, when Graph gave one. */
      readonly retryAfterMs?: number;
    };

/** Graph error codes worth retrying: throttling and temporary failures. */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);
/** Of those, the rate limits (app, account, business number, pair). */
const THROTTLING_CODES = new Set([4, 80007, 130429, 131056]);

export async function sendGraphMessage(o: GraphOptions, to: string, message: GraphMessage): Promise<GraphResult> {
  const url = `${o.baseUrl.replace(/\/$/, '')}/${encodeURIComponent(o.phoneNumberId)}/messages`;
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return { ok: false, retry: true, error: `graph request failed: ${error instanceof Error ? error.message : error}` };
  }
  const body = (await res.json().catch(() => null)) as {
    messages?: { id?: string }[];
    error?: { code?: number; message?: string; error_subcode?: number };
  } | null;
  if (res.ok) return { ok: true, wamid: body?.messages?.[0]?.id ?? null };
  const code = body?.error?.code;
  const retry = res.status === 429 || res.status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
  const throttled = res.status === 429 || (code !== undefined && THROTTLING_CODES.has(code));
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
  return {
    ok: false,
    retry,
    error: `graph ${res.status}${code !== undefined ? ` code ${code}` : ''}: ${body?.error?.message ?? res.statusText}`,
    ...(retry && throttled && { throttled: true }),
    ...(retry && retryAfterMs !== undefined && { retryAfterMs }),
  };
}
