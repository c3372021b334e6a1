// The one log line of a turn: who (a hash, never the chat user id, a name or a phone number), what was asked (the
// commands the engine decided, or the catalogue text it said), how it ended (done, duplicate, a refusal code such
// as sold_out, or error), and how long it took. The message text is never logged.
import type { InboxItem } from '../inbox/index.js';
import { sha256 } from '../kernel/crypto.js';
import type { Logger } from '../kernel/logger.js';

export interface TurnTrace {
  readonly started: number;
  /** The decided steps: a command's name, or `say:<catalogue key>`. */
  steps: readonly string[];
  /** The member's id once known (visitors: undefined). */
  member: string | undefined;
}

/** A short, stable pseudonym for a member (or, before registration, a chat user). */
export async function hashedId(value: string): Promise<string> {
  return (await sha256(`pointloop-log:${value}`)).slice(0, 16);
}

export async function logTurn(log: Logger | undefined, item: InboxItem, t: TurnTrace, outcome: string) {
  // The pseudonym costs a SHA-256 on every turn: not when nobody reads the line (LOG_LEVEL above info).
  if (!log || log.isLevelEnabled?.(outcome === 'error' ? 'warn' : 'info') === false) return;
  const { event } = item;
  const who = t.member
    ? { member: await hashedId(t.member) }
    : { user: await hashedId(`${event.channel}:${event.userId}`) };
  const line = {
    turn: {
      ...who,
      channel: event.channel,
      event: event.type,
      intent: t.steps.join(',') || 'none',
      outcome,
      ms: Math.round(performance.now() - t.started),
    },
  };
  if (outcome === 'error') log.warn(line, 'turn failed');
  else log.info(line, 'turn');
}
