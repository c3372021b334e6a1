// Delivers outbox items on LINE through @line/bot-sdk's messagingApi client. First attempt: the reply token (free,
// single use, valid for a short while). When LINE refuses the token (400: expired, already used), or on any later
// attempt, push with X-Line-Retry-Key = the outbox row's retry key, so a retry after a timeout or a crash never
// delivers twice (LINE answers 409 to a key it has already accepted, which counts as sent). At most 5 messages go
// in one call; the chunks after the first are pushed with retry keys derived from the row's key.
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import type { Reply } from '../../conversation/domain/replies.js';
import type { ProfileSource } from '../../conversation/index.js';
import { type OutboxItem, parseRetryAfter, type ReplySender, type SendOutcome } from '../../inbox/index.js';
import type { Logger } from '../../kernel/logger.js';
import { type LineRenderer, renderLineText } from './text-render.js';

/** The calls we make; the SDK's MessagingApiClient has them. */
export type LineApi = Pick<
  messagingApi.MessagingApiClient,
  'replyMessage' | 'pushMessage' | 'getProfile' | 'multicast'
>;

export const MESSAGES_PER_CALL = 5;

export interface LineSenderOptions {
  readonly api: LineApi;
  readonly render: LineRenderer;
  readonly log: Logger;
  /** A call that takes longer counts as a network failure (retried later). 10 s by default (OUTBOX_SEND_TIMEOUT_MS). */
  readonly sendTimeoutMs?: number;
  /** The profile is only a prefill: after this the member is asked without it. 3 s by default. */
  readonly profileTimeoutMs?: number;
}

type CallResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number | null; readonly error: string; readonly retryAfterMs?: number };

class Timeout extends Error {}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`no answer from LINE within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

export function describe(error: unknown): { status: number | null; error: string } {
  if (error instanceof HTTPFetchError) {
    let detail = error.body;
    try {
      const parsed = JSON.parse(error.body) as { message?: unknown };
      if (typeof parsed.message === 'string') detail = parsed.message;
    } catch {
      // not JSON: keep the raw body
    }
    return { status: error.status, error: `LINE ${error.status}: ${String(detail).slice(0, 300)}` };
  }
  return { status: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** Retry-After of a LINE answer (seconds, or an HTTP date) as milliseconds, at most 5 minutes; undefined if absent. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!(error instanceof HTTPFetchError)) return undefined;
  return parseRetryAfter(error.headers?.get?.('retry-after'), now);
}

/** 429, 5xx and network failures (a timeout too) may work later; every other refusal will not. */
function outcomeOf(r: Extract<CallResult, { ok: false }>): SendOutcome {
  const transient = r.status === null || r.status === 429 || r.status >= 500;
  if (!transient) return { status: 'failed', error: r.error };
  return {
    status: 'retry',
    error: r.error,
    ...(r.status === 429 && { throttled: true }),
    ...(r.retryAfterMs !== undefined && { retryAfterMs: r.retryAfterMs }),
  };
}

/** Messages in groups of at most 5, in order. */
export function chunk<T>(items: readonly T[], size = MESSAGES_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The retry key of chunk `index` of a row: the row's own key for chunk 0, else a UUID (version 4 layout) derived
 * from SHA-256(key, index), so every retry of that chunk carries the same key and LINE deduplicates it.
 */
export async function chunkRetryKey(retryKey: string, index: number): Promise<string> {
  if (index === 0) return retryKey;
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${retryKey}#chunk-${index}`)),
  );
  const b = digest.slice(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createLineSender(o: LineSenderOptions): ReplySender {
  const timeoutMs = o.sendTimeoutMs ?? 10_000;
  /**
   * Rows whose first chunk went out by reply in an earlier attempt that then failed on a later chunk: the retry
   * starts at chunk 1 (a reply cannot be deduplicated by LINE). Kept in memory, bounded.
   */
  const replied = new Set<number>();

  const call = async (work: () => Promise<unknown>): Promise<CallResult> => {
    try {
      await withTimeout(work(), timeoutMs);
      return { ok: true };
    } catch (error) {
      const after = retryAfterMs(error);
      return { ok: false, ...describe(error), ...(after !== undefined && { retryAfterMs: after }) };
    }
  };

  const render = (replies: readonly Reply[]): messagingApi.Message[] => {
    try {
      return o.render(replies);
    } catch (error) {
      // A renderer fault must not silence the bot: the member still gets the plain text.
      o.log.error({ err: error }, 'line: rendering failed, sending plain text');
      return renderLineText(replies);
    }
  };

  return {
    async send(item: OutboxItem): Promise<SendOutcome> {
      const chunks = chunk(render(item.replies));
      if (chunks.length === 0) return { status: 'sent' };
      let start = 0;
      if (replied.has(item.id)) start = 1;
      else if (item.replyToken && item.attempts === 0) {
        const replyToken = item.replyToken;
        const messages = chunks[0] ?? [];
        const r = await call(() => o.api.replyMessage({ replyToken, messages }));
        if (r.ok) start = 1;
        else if (r.status === 400) {
          // Expired, already used or otherwise refused token: the member still gets the answer, by push.
          o.log.info({ outboxId: item.id, error: r.error }, 'line: reply token refused, pushing instead');
        } else return outcomeOf(r);
      }
      for (let i = start; i < chunks.length; i++) {
        const messages = chunks[i] ?? [];
        const key = await chunkRetryKey(item.retryKey, i);
        const r = await call(() => o.api.pushMessage({ to: item.userId, messages }, key));
        // 409: LINE already accepted a push with this retry key (an earlier attempt got through).
        if (r.ok || r.status === 409) continue;
        if (i > 0 && start === 1) {
          if (replied.size >= 10_000) replied.clear();
          replied.add(item.id);
        }
        const outcome = outcomeOf(r);
        if (outcome.status === 'failed') replied.delete(item.id);
        if (r.status === 401 || r.status === 403)
          o.log.error({ outboxId: item.id, error: r.error }, 'line: push refused (channel access token or plan?)');
        return outcome;
      }
      replied.delete(item.id);
      return { status: 'sent' };
    },
  };
}

export function createLineProfiles(o: LineSenderOptions): ProfileSource {
  const timeoutMs = o.profileTimeoutMs ?? 3000;
  return {
    async profile(userId) {
      try {
        const p = await withTimeout(o.api.getProfile(userId), timeoutMs);
        return {
          ...(p.displayName ? { displayName: p.displayName } : {}),
          ...(p.language ? { language: p.language } : {}),
        };
      } catch (error) {
        o.log.warn({ error: describe(error).error }, 'line: profile unavailable');
        return undefined;
      }
    },
  };
}
