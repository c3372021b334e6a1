// What the simulator channel delivered (answers and pushes: broadcasts, reminders, receipts), kept in memory for the
// page: the POST's answer, GET /simulator/api/replies and the server-sent events of GET /simulator/api/stream.
// Bounded: the last MAX_KEPT deliveries, at most MAX_STREAMS open streams, each open at most STREAM_MS (the
// browser's EventSource reconnects), each with at most MAX_QUEUED undelivered entries.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { OutboxItem } from '../../inbox/index.js';

export interface Delivered {
  readonly seq: number;
  readonly item: OutboxItem;
}

export const LIVE_LIMITS = {
  MAX_KEPT: 5000,
  MAX_STREAMS: 32,
  MAX_QUEUED: 500,
  MAX_REPLAYED: 100,
  STREAM_MS: 10 * 60_000,
  HEARTBEAT_MS: 20_000,
} as const;

export class LiveReplies {
  private readonly delivered: Delivered[] = [];
  private readonly listeners = new Set<(d: Delivered) => void>();
  private seq = 0;
  private open = 0;

  get lastSeq(): number {
    return this.seq;
  }

  push(item: OutboxItem): void {
    const d = { seq: ++this.seq, item };
    this.delivered.push(d);
    // Keep memory bounded: a long-running dev server forgets the oldest replies.
    if (this.delivered.length > LIVE_LIMITS.MAX_KEPT) {
      this.delivered.splice(0, this.delivered.length - LIVE_LIMITS.MAX_KEPT);
    }
    for (const listener of this.listeners) listener(d);
  }

  /** One member's deliveries after `afterSeq`. */
  afterSeq(userId: string, afterSeq: number): Delivered[] {
    return this.delivered.filter((d) => d.seq > afterSeq && d.item.userId === userId);
  }

  /**
   * Server-sent events of one member's deliveries: first those kept with an outbox id above `afterId` (what the
   * page's conversation read may have missed; the page drops an id it drew already), then each as it comes.
   * Events: `reply` (data: `view(d)` as JSON, id: the outbox id) and `ping` (a heartbeat).
   */
  stream(c: Context, userId: string, afterId: number, view: (d: Delivered) => unknown): Response | undefined {
    if (this.open >= LIVE_LIMITS.MAX_STREAMS) return undefined;
    this.open++;
    const queue = this.delivered
      .filter((d) => d.item.userId === userId && d.item.id > afterId)
      .slice(-LIVE_LIMITS.MAX_REPLAYED);
    let wake: (() => void) | undefined;
    const listener = (d: Delivered) => {
      if (d.item.userId !== userId) return;
      queue.push(d);
      if (queue.length > LIVE_LIMITS.MAX_QUEUED) queue.shift();
      wake?.();
    };
    this.listeners.add(listener);
    const done = () => {
      this.listeners.delete(listener);
      this.open--;
    };
    return streamSSE(c, async (sse) => {
      let closed = false;
      sse.onAbort(() => {
        closed = true;
        wake?.();
      });
      const until = Date.now() + LIVE_LIMITS.STREAM_MS;
      try {
        while (!closed && Date.now() < until) {
          for (let d = queue.shift(); d; d = queue.shift()) {
            await sse.writeSSE({ event: 'reply', id: String(d.item.id), data: JSON.stringify(view(d)) });
          }
          const timedOut = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(true), LIVE_LIMITS.HEARTBEAT_MS);
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          wake = undefined;
          if (timedOut && !closed) await sse.writeSSE({ event: 'ping', data: '' });
        }
      } finally {
        done();
      }
    });
  }
}
