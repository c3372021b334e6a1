// Inbound events and turn inputs for the pure conversation tests: no database, no HTTP.
import type { ConversationState, TurnInput } from '../../src/conversation/domain/command.js';
import type { InboundEvent } from '../../src/kernel/channel.js';

/** 2026-03-01 12:00 in Asia/Taipei (04:00 UTC). */
export const NOW = Date.UTC(2026, 2, 1, 4, 0, 0);
export const TZ = 'Asia/Taipei';
/** The catalogue promises members "more than 10 minutes" before a flow times out. */
export const TEN_MINUTES = 10 * 60 * 1000;

const base = { channel: 'simulator', userId: 'u1', eventId: 'ev-1', occurredAt: NOW } as const;

export const text = (t: string, eventId = 'ev-1'): InboundEvent => ({ ...base, eventId, type: 'text', text: t });
export const postback = (data: string, eventId = 'ev-1'): InboundEvent => ({
  ...base,
  eventId,
  type: 'postback',
  data,
});
export const follow: InboundEvent = { ...base, type: 'follow' };
export const unfollow: InboundEvent = { ...base, type: 'unfollow' };
export const sticker: InboundEvent = { ...base, type: 'unsupported', what: 'sticker' };

export function turnInput(
  event: InboundEvent,
  o: { state: ConversationState | null; isMember: boolean; now?: number; timeZone?: string },
): TurnInput {
  return { event, state: o.state, isMember: o.isMember, now: o.now ?? NOW, timeZone: o.timeZone ?? TZ };
}

/** A stand-in that fails the test at its first use: proves the code under test does not reach it. */
export function untouchable<T>(what: string): T {
  return new Proxy(
    {},
    {
      get(_target, prop) {
        throw new Error(`decide must not touch services (${what}.${String(prop)})`);
      },
    },
  ) as T;
}
