// Broadcast delivery on LINE: one multicast call per batch of <= 500 user ids, through @line/bot-sdk, with the
// batch's stored X-Line-Retry-Key. A 409 means LINE already accepted that key (an earlier attempt got through):
// it counts as sent. 429 and 5xx are retried by the caller, after Retry-After when LINE gives one.
import type { MulticastOutcome, MulticastSender } from '../../broadcasts/index.js';
import type { Logger } from '../../kernel/logger.js';
import { chunk, describe, type LineApi, retryAfterMs, withTimeout } from './sender.js';
import type { LineRenderer } from './text-render.js';

export { retryAfterMs } from './sender.js';

export const MULTICAST_MAX_RECIPIENTS = 500;

export function createLineMulticast(o: {
  api: LineApi;
  render: LineRenderer;
  log: Logger;
  timeoutMs?: number;
}): MulticastSender {
  return {
    maxRecipients: MULTICAST_MAX_RECIPIENTS,
    async multicast(userIds, replies, retryKey): Promise<MulticastOutcome> {
      // A broadcast is at most 5 messages (one call); the content schema keeps it to one reply.
      const messages = chunk(o.render(replies))[0] ?? [];
      if (messages.length === 0 || userIds.length === 0) return { status: 'sent' };
      try {
        await withTimeout(o.api.multicast({ to: [...userIds], messages }, retryKey), o.timeoutMs ?? 30_000);
        return { status: 'sent' };
      } catch (error) {
        const d = describe(error);
        if (d.status === 409) return { status: 'sent' };
        if (d.status === null || d.status === 429 || d.status >= 500) {
          const after = retryAfterMs(error);
          return {
            status: 'retry',
            error: d.error,
            // A 429 is a refusal; LINE's retry guide names only 5xx and timeouts as possibly delivered.
            ...(d.status === 429 && { notTaken: true }),
            ...(after !== undefined && { retryAfterMs: after }),
          };
        }
        if (d.status === 401 || d.status === 403)
          o.log.error({ error: d.error }, 'line: multicast refused (channel access token or plan?)');
        return { status: 'failed', error: d.error };
      }
    },
  };
}
