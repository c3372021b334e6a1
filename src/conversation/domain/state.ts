import { z } from 'zod';

/**
 * A member's conversation state, persisted as JSON with a version. Bump STATE_VERSION when the shape changes
 * and teach `readState` to migrate the old shape (or reset it): a stored state must never crash a turn.
 */
export const STATE_VERSION = 1;

/** A flow left half-way times out after this long and says so at the next message. */
export const FLOW_TIMEOUT_MS = 10 * 60 * 1000;

const draftSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  birthday: z.string().nullable().optional(),
});

const stateSchema = z.discriminatedUnion('flow', [
  z.object({ v: z.literal(1), flow: z.literal('idle') }),
  z.object({
    v: z.literal(1),
    flow: z.literal('register'),
    step: z.enum(['name', 'phone', 'birthday', 'consent']),
    draft: draftSchema,
    expiresAt: z.number(),
  }),
  /** A member chose a catalogue item and has to confirm; `tap` keys the redemption so it happens once. */
  z.object({
    v: z.literal(1),
    flow: z.literal('redeem_confirm'),
    item: z.string(),
    tap: z.string(),
    expiresAt: z.number(),
  }),
]);

export type ConversationState = z.infer<typeof stateSchema>;
export type RegisterState = Extract<ConversationState, { flow: 'register' }>;
export type RegistrationDraft = z.infer<typeof draftSchema>;

export const IDLE: ConversationState = { v: 1, flow: 'idle' };

/** Parses stored state; anything unreadable or from an unknown version starts over as idle. */
export function readState(stored: unknown): ConversationState | null {
  if (stored === null || stored === undefined) return null;
  const parsed = stateSchema.safeParse(stored);
  return parsed.success ? parsed.data : IDLE;
}
