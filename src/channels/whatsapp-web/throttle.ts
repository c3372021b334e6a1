/**
 * Outbound pacing that keeps a WhatsApp Web number clear of spam heuristics: at least `minIntervalMs` between two
 * sends to one chat, and at most `perMinute` sends in any 60 seconds overall. Slots are reserved synchronously, so
 * concurrent senders never race for the same slot; the caller then sleeps until its slot.
 */
export interface ThrottleOptions {
  readonly minIntervalMs: number;
  readonly perMinute: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const WINDOW_MS = 60_000;

export class SendThrottle {
  private readonly lastByChat = new Map<string, number>();
  /** Reserved send times, non-decreasing; only the last `perMinute` matter. */
  private readonly recent: number[] = [];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: ThrottleOptions) {
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Reserves the next slot for a chat and returns when it has come. */
  async wait(chatId: string): Promise<void> {
    const at = this.reserve(chatId);
    const delay = at - this.now();
    if (delay > 0) await this.sleep(delay);
  }

  /** The time of the next allowed send to `chatId`, reserved. */
  reserve(chatId: string): number {
    const now = this.now();
    let at = Math.max(now, (this.lastByChat.get(chatId) ?? Number.NEGATIVE_INFINITY) + this.o.minIntervalMs);
    const lastGlobal = this.recent[this.recent.length - 1];
    if (lastGlobal !== undefined) at = Math.max(at, lastGlobal);
    const limit = Math.max(1, this.o.perMinute);
    if (this.recent.length >= limit) {
      const oldest = this.recent[this.recent.length - limit];
      if (oldest !== undefined) at = Math.max(at, oldest + WINDOW_MS);
    }
    this.recent.push(at);
    if (this.recent.length > limit) this.recent.splice(0, this.recent.length - limit);
    this.lastByChat.set(chatId, at);
    if (this.lastByChat.size > 10_000) {
      for (const [chat, t] of this.lastByChat) if (t + this.o.minIntervalMs < now) this.lastByChat.delete(chat);
    }
    return at;
  }
}
