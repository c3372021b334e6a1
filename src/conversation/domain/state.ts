import type { ConversationState, FlowSpec } from './command.js';

/**
 * A member's conversation state is JSON with a version: `{ v, flow, ... }`. Each flow owns its state's schema
 * (see its FlowSpec); bump its `v` when the shape changes and teach the schema to read or refuse the old one. A
 * stored state must never crash a turn: anything unreadable, or of a flow no longer registered, starts over idle.
 */
export const STATE_VERSION = 1;

/** A flow left half-way times out after this long and says so at the next message. */
export const FLOW_TIMEOUT_MS = 10 * 60 * 1000;

export const IDLE: ConversationState = { v: 1, flow: 'idle' };

/** Parses stored state with the schema of the flow it names. */
export function readState(stored: unknown, flow: (name: string) => FlowSpec | undefined): ConversationState | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored !== 'object') return IDLE;
  const name = (stored as { flow?: unknown }).flow;
  const spec = typeof name === 'string' && name !== 'idle' ? flow(name) : undefined;
  if (!spec) return IDLE;
  const parsed = spec.schema.safeParse(stored);
  return parsed.success ? parsed.data : IDLE;
}
