// Registration: name, mobile number, birthday (optional), consent; then the `register` command writes the member.
// One pure step function over its own versioned state, like a grammY conversation.
import { z } from 'zod';
import type { Decision, FlowAnswer, FlowSpec, FlowTurn, Step, TurnInput } from '../../conversation/domain/command.js';
import { run, say } from '../../conversation/domain/command.js';
import { AGREE, CANCEL, SKIP } from '../../conversation/domain/command-names.js';
import { FLOW_TIMEOUT_MS, IDLE } from '../../conversation/domain/state.js';
import { isLocalDate, localDate } from '../../kernel/time.js';
import { memberName } from './member-name.js';
import { toE164 } from './phone.js';

export const REGISTER_FLOW = 'register';
/** The command that writes a member from a complete draft; args: name, phone, birthday ('' when skipped). */
export const REGISTER = 'register';

const draftSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  birthday: z.string().nullable().optional(),
});

const registerStateSchema = z.object({
  v: z.literal(1),
  flow: z.literal(REGISTER_FLOW),
  step: z.enum(['name', 'phone', 'birthday', 'consent']),
  draft: draftSchema,
  expiresAt: z.number(),
});

export type RegisterState = z.output<typeof registerStateSchema>;
type Draft = RegisterState['draft'];

export function startRegistration(now: number, prefix: readonly Step[] = []): Decision {
  const state: RegisterState = { v: 1, flow: REGISTER_FLOW, step: 'name', draft: {}, expiresAt: now + FLOW_TIMEOUT_MS };
  return { state, steps: [...prefix, run('welcome'), say('register.ask_name', undefined, 'name')] };
}

function reprompt(state: RegisterState): Step {
  switch (state.step) {
    case 'name':
      return say('register.ask_name', undefined, 'name');
    case 'phone':
      return say('register.ask_phone', { name: state.draft.name }, 'cancel');
    case 'birthday':
      return say('register.ask_birthday', undefined, 'birthday');
    case 'consent':
      return say('register.ask_consent', undefined, 'consent');
  }
}

function advance(state: RegisterState, step: RegisterState['step'], draft: Draft, now: number): RegisterState {
  return { ...state, step, draft, expiresAt: now + FLOW_TIMEOUT_MS };
}

function isPlausibleBirthday(s: string, today: string): boolean {
  return isLocalDate(s) && s >= '1900-01-01' && s <= today;
}

function answer(state: RegisterState, turn: FlowTurn): Decision {
  const { input, intent } = turn;
  const text = input.event.type === 'text' ? input.event.text.normalize('NFKC').trim() : null;
  switch (state.step) {
    case 'name': {
      const checked = text === null ? null : memberName(text);
      if (!checked?.ok) {
        const key = checked?.problem === 'unreadable' ? 'register.bad_name_unreadable' : 'register.bad_name';
        return { state, steps: [say(key, {}, 'name')] };
      }
      const next = advance(state, 'phone', { ...state.draft, name: checked.name }, input.now);
      return { state: next, steps: [say('register.ask_phone', { name: checked.name }, 'cancel')] };
    }
    case 'phone': {
      const phone = text === null ? null : toE164(text);
      if (!phone) return { state, steps: [say('register.bad_phone', {}, 'cancel')] };
      return {
        state: advance(state, 'birthday', { ...state.draft, phone }, input.now),
        steps: [say('register.ask_birthday', {}, 'birthday')],
      };
    }
    case 'birthday': {
      let birthday: string | null;
      if (intent.command === SKIP) birthday = null;
      else if (text !== null && isPlausibleBirthday(text, localDate(input.now, input.timeZone))) birthday = text;
      else return { state, steps: [say('register.bad_birthday', {}, 'birthday')] };
      return {
        state: advance(state, 'consent', { ...state.draft, birthday }, input.now),
        steps: [say('register.ask_consent', {}, 'consent')],
      };
    }
    case 'consent': {
      if (intent.command !== AGREE) return { state, steps: [say('register.consent_again', {}, 'consent')] };
      const { name, phone, birthday } = state.draft;
      // A draft that lost a field, or holds a name taken before names were checked (an old stored state), starts
      // over rather than registering half a member.
      if (!name || !phone || !memberName(name).ok) return startRegistration(input.now);
      return { state: IDLE, steps: [run(REGISTER, { name, phone, birthday: birthday ?? '' })] };
    }
  }
}

export const registrationFlow: FlowSpec<RegisterState> = {
  name: REGISTER_FLOW,
  audience: 'visitor',
  schema: registerStateSchema,
  step(state, turn): FlowAnswer {
    if (turn.intent.command === CANCEL) return { state: IDLE, steps: [say('register.cancelled', {}, 'join')] };
    if (turn.input.event.type === 'follow') return { state, steps: [reprompt(state)] };
    return answer(state, turn);
  },
  expired: (_state, turn) => startRegistration(turn.input.now, [say('register.timed_out')]),
};

/** Onboarding as the engine starts it: first contact or a follow. */
export const startOnboarding = (input: TurnInput): Decision => startRegistration(input.now);
