// The port broadcasts send LINE multicasts through (implemented by src/channels/line/multicast.ts).
import type { Reply } from '../conversation/domain/replies.js';

export type MulticastOutcome =
  | { readonly status: 'sent' }
  /** 429, 5xx, network: the same call (same retry key) may work later; `retryAfterMs` from Retry-After. */
  | {
      readonly status: 'retry';
      readonly error: string;
      readonly retryAfterMs?: number;
      /** True when LINE surely did not take the call (a 429); a 5xx or a timeout leaves it in doubt. */
      readonly notTaken?: boolean;
    }
  | { readonly status: 'failed'; readonly error: string };

/** One call that sends the same replies to many users of a channel (LINE multicast), deduplicated by retry key. */
export interface MulticastSender {
  readonly maxRecipients: number;
  multicast(userIds: readonly string[], replies: readonly Reply[], retryKey: string): Promise<MulticastOutcome>;
}
