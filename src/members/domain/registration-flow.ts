// Registration: name, mobile number, birthday (optional), consent; then the `register` command writes the member.
// One pure step function over its own versioned state, like a grammY conversation.
import { z } from 'zod';
import type { Decision, FlowAnswer, FlowSpec, FlowTurn, Step, TurnInput } from '../../conversation/domain/command.js';
import { run, say } from '../../conversation/domain/command.js';
import { AGREE, CANCEL, DECLINE, SKIP } from '../../conversation/domain/command-names.js';
import { FLOW_TIMEOUT_MS, IDLE } from '../../conversation/domain/state.js';
import type { MessageKey } from '../../kernel/i18n/catalog.js';
import { localDate } from '../../kernel/time.js';
import { parseBirthday } from './birthday.js';
import { CONSENT_CARD } from './consent-view.js';
import { memberName } from './member-name.js';
import { toE164 } from './phone.js';

export const REGISTER_FLOW = 'register';
/** The command that writes a member from a complete draft; args: name, phone, birthday ('' when skipped). */
export const REGISTER = 'register';
/** The postback of the birthday's date picker (LINE): args.date, YYYY-MM-DD. */
export const BIRTHDAY_PICKED = 'birthday';

const draftSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  birthday: z.string().nullable().optional(),
  /** v2: a name that is also a command word ("points"), waiting for the member's yes. */
  pendingName: z.string().optional(),
});

const STEPS = ['name', 'confirm_name', 'phone', 'birthday', 'consent'] as const;

/** v2 (issue 14): the step `confirm_name` and `draft.pendingName`. */
const registerStateV2 = z.object({
  v: z.literal(2),
  flow: z.literal(REGISTER_FLOW),
  step: z.enum(STEPS),
  draft: draftSchema,
  expiresAt: z.number(),
});

/** v1, stored before issue 14: the same without confirm_name; read on as v2 (every v1 state is a valid v2). */
const registerStateV1 = registerStateV2
  .extend({ v: z.literal(1), step: z.enum(['name', 'phone', 'birthday', 'consent']) })
  .transform((s): z.output<typeof registerStateV2> => ({ ...s, v: 2 }));

const registerStateSchema = z.union([registerStateV2, registerStateV1]);

export type RegisterState = z.output<typeof registerStateV2>;
type Draft = RegisterState['draft'];

export function startRegistration(now: number, prefix: readonly Step[] = []): Decision {
  const state: RegisterState = { v: 2, flow: REGISTER_FLOW, step: 'name', draft: {}, expiresAt: now + FLOW_TIMEOUT_MS };
  return { state, steps: [...prefix, run('welcome'), say('register.ask_name', undefined, 'name')] };
}

function reprompt(state: RegisterState): Step {
  switch (state.step) {
    case 'name':
      return say('register.ask_name', undefined, 'name');
    case 'confirm_name':
      return say('register.confirm_name', { name: state.draft.pendingName }, 'yes_no');
    case 'phone':
      return say('register.ask_phone', { name: state.draft.name }, 'cancel');
    case 'birthday':
      return say('register.ask_birthday', undefined, 'birthday');
    case 'consent':
      return run(CONSENT_CARD);
  }
}

function advance(state: RegisterState, step: RegisterState['step'], draft: Draft, now: number): RegisterState {
  return { ...state, step, draft, expiresAt: now + FLOW_TIMEOUT_MS };
}

const BIRTHDAY_PROBLEM: Record<'format' | 'invalid_date' | 'future' | 'too_old', MessageKey> = {
  format: 'register.bad_birthday',
  invalid_date: 'register.birthday_invalid_date',
  future: 'register.birthday_future',
  too_old: 'register.birthday_too_old',
};

/** A name typed: taken, refused, or (a command word such as "points") asked about first. */
function nameAnswer(state: RegisterState, turn: FlowTurn, text: string | null): Decision {
  const { input, intent } = turn;
  const checked = text === null ? null : memberName(text);
  if (!checked?.ok) {
    const key = checked?.problem === 'unreadable' ? 'register.bad_name_unreadable' : 'register.bad_name';
    return { state, steps: [say(key, {}, 'name')] };
  }
  if (intent.command !== '' && input.event.type === 'text') {
    const next = advance(state, 'confirm_name', { ...state.draft, pendingName: checked.name }, input.now);
    return { state: next, steps: [say('register.confirm_name', { name: checked.name }, 'yes_no')] };
  }
  return nameTaken(state, checked.name, input.now);
}

function nameTaken(state: RegisterState, name: string, now: number): Decision {
  const { pendingName: _, ...draft } = state.draft;
  const next = advance(state, 'phone', { ...draft, name }, now);
  return { state: next, steps: [say('register.ask_phone', { name }, 'cancel')] };
}

function confirmNameAnswer(state: RegisterState, turn: FlowTurn, text: string | null): Decision {
  const pending = state.draft.pendingName;
  if (turn.intent.command === AGREE && pending) return nameTaken(state, pending, turn.input.now);
  if (turn.intent.command === DECLINE || !pending) {
    const next = advance(state, 'name', { ...state.draft, pendingName: undefined }, turn.input.now);
    return { state: next, steps: [say('register.ask_name_again', {}, 'name')] };
  }
  // Anything else is another name: checked like the first.
  return nameAnswer(advance(state, 'name', state.draft, turn.input.now), turn, text);
}

function birthdayAnswer(state: RegisterState, turn: FlowTurn, text: string | null): Decision {
  const { input, intent } = turn;
  let birthday: string | null = null;
  if (intent.command !== SKIP) {
    const typed = intent.command === BIRTHDAY_PICKED ? (intent.args.date ?? '') : text;
    const checked = typed === null ? null : parseBirthday(typed, localDate(input.now, input.timeZone));
    if (!checked?.ok) return { state, steps: [say(BIRTHDAY_PROBLEM[checked?.problem ?? 'format'], {}, 'birthday')] };
    birthday = checked.date;
  }
  return { state: advance(state, 'consent', { ...state.draft, birthday }, input.now), steps: [run(CONSENT_CARD)] };
}

function consentAnswer(state: RegisterState, turn: FlowTurn): Decision {
  const { input, intent } = turn;
  // Declined: what membership needs, and the flow ends (`join` starts again). Nothing was stored.
  if (intent.command === DECLINE) return { state: IDLE, steps: [say('register.declined', {}, 'join')] };
  if (intent.command !== AGREE) return { state, steps: [say('register.consent_again', {}, 'consent')] };
  const { name, phone, birthday } = state.draft;
  // A draft that lost a field, or holds a name taken before names were checked (an old stored state), starts
  // over rather than registering half a member.
  if (!name || !phone || !memberName(name).ok) return startRegistration(input.now);
  return { state: IDLE, steps: [run(REGISTER, { name, phone, birthday: birthday ?? '' })] };
}

function answer(state: RegisterState, turn: FlowTurn): Decision {
  const { input } = turn;
  const text = input.event.type === 'text' ? input.event.text.normalize('NFKC').trim() : null;
  switch (state.step) {
    case 'name':
      return nameAnswer(state, turn, text);
    case 'confirm_name':
      return confirmNameAnswer(state, turn, text);
    case 'phone': {
      const phone = text === null ? null : toE164(text);
      if (!phone) return { state, steps: [say('register.bad_phone', {}, 'cancel')] };
      return {
        state: advance(state, 'birthday', { ...state.draft, phone }, input.now),
        steps: [say('register.ask_birthday', {}, 'birthday')],
      };
    }
    case 'birthday':
      return birthdayAnswer(state, turn, text);
    case 'consent':
      return consentAnswer(state, turn);
  }
}

export const registrationFlow: FlowSpec<RegisterState> = {
  name: REGISTER_FLOW,
  audience: 'visitor',
  schema: registerStateSchema as unknown as z.ZodType<RegisterState>,
  step(state, turn): FlowAnswer {
    if (turn.intent.command === CANCEL) return { state: IDLE, steps: [say('register.cancelled', {}, 'join')] };
    if (turn.input.event.type === 'follow') return { state, steps: [reprompt(state)] };
    return answer(state, turn);
  },
  expired: (_state, turn) => startRegistration(turn.input.now, [say('register.timed_out')]),
};

/** Onboarding as the engine starts it: first contact or a follow. */
export const startOnboarding = (input: TurnInput): Decision => startRegistration(input.now);
