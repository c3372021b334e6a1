// The conversation engine: pure, channel-free. It reads an inbound event and the stored state and returns the
// next state plus the steps to take; src/app runs the steps (ledger writes, reads for views) and channel
// adapters render the replies. Its only seam to the outside is the InboundEvent type.
import type { InboundEvent } from '../../kernel/channel.js';
import type { MessageKey, MessageParams } from '../../kernel/i18n/catalog.js';
import type { Language } from '../../kernel/i18n/language.js';
import { isLocalDate, localDate } from '../../kernel/time.js';
import { toE164 } from '../../members/domain/phone.js';
import { type Intent, parseIntent } from './intents.js';
import { type ConversationState, FLOW_TIMEOUT_MS, IDLE, type RegisterState, type RegistrationDraft } from './state.js';

export type View =
  | 'welcome'
  | 'help'
  | 'points'
  | 'history'
  | 'card'
  | 'language_menu'
  | 'giveaways'
  | 'catalog'
  | 'my_coupons';
/** Which quick replies go with a prompt. */
export type QuickSet = 'name' | 'birthday' | 'consent' | 'join' | 'cancel';

export type Step =
  | { readonly do: 'say'; readonly key: MessageKey; readonly params?: MessageParams; readonly quick?: QuickSet }
  | { readonly do: 'show'; readonly view: View; readonly note?: MessageKey; readonly page?: number }
  | { readonly do: 'checkin' }
  | { readonly do: 'claim'; readonly code: string; readonly tap: string }
  | { readonly do: 'confirm_redeem'; readonly item: string }
  | { readonly do: 'redeem'; readonly item: string; readonly tap: string }
  | { readonly do: 'show_coupon'; readonly code: string }
  | { readonly do: 'issue_link_code' }
  | { readonly do: 'link_identity'; readonly code: string }
  | { readonly do: 'unlink' }
  | { readonly do: 'set_broadcasts'; readonly on: boolean }
  | { readonly do: 'register'; readonly draft: CompleteDraft }
  | { readonly do: 'set_language'; readonly language: Language }
  | { readonly do: 'set_reachable'; readonly reachable: boolean };

export interface CompleteDraft {
  readonly name: string;
  readonly phone: string;
  readonly birthday: string | null;
}

export interface TurnInput {
  readonly event: InboundEvent;
  /** Null when this identity has never talked to us. */
  readonly state: ConversationState | null;
  readonly isMember: boolean;
  readonly now: number;
  readonly timeZone: string;
}

export interface Decision {
  readonly state: ConversationState;
  readonly steps: readonly Step[];
}

const say = (key: MessageKey, params?: MessageParams, quick?: QuickSet): Step => ({ do: 'say', key, params, quick });

export function decide(input: TurnInput): Decision {
  const { event } = input;
  if (event.type === 'unfollow') {
    // Nothing is deleted; we just stop pushing. A half-done registration is dropped.
    return { state: input.isMember ? IDLE : (input.state ?? IDLE), steps: [{ do: 'set_reachable', reachable: false }] };
  }
  const reachable: Step[] = event.type === 'follow' ? [{ do: 'set_reachable', reachable: true }] : [];
  const decision = input.isMember ? memberTurn(input) : visitorTurn(input);
  return { state: decision.state, steps: [...reachable, ...decision.steps] };
}

function memberTurn(input: TurnInput): Decision {
  const { state, now, event } = input;
  const intent = parseIntent(event);
  const steps: Step[] = [];
  if (state && state.flow !== 'idle' && state.expiresAt <= now) {
    steps.push(say('flow.timed_out'));
  } else if (state?.flow === 'redeem_confirm') {
    if (intent.type === 'agree') return { state: IDLE, steps: [{ do: 'redeem', item: state.item, tap: state.tap }] };
    if (intent.type === 'cancel') return { state: IDLE, steps: [{ do: 'show', view: 'help', note: 'flow.cancelled' }] };
  }
  if (intent.type === 'choose') {
    return {
      state: { v: 1, flow: 'redeem_confirm', item: intent.item, tap: event.eventId, expiresAt: now + FLOW_TIMEOUT_MS },
      steps: [...steps, { do: 'confirm_redeem', item: intent.item }],
    };
  }
  return { state: IDLE, steps: [...steps, ...memberCommand(intent, event)] };
}

function memberCommand(intent: Intent, event: InboundEvent): Step[] {
  switch (intent.type) {
    case 'checkin':
      return [{ do: 'checkin' }];
    case 'giveaways':
      return [{ do: 'show', view: 'giveaways' }];
    case 'claim':
      return intent.code
        ? [{ do: 'claim', code: intent.code, tap: intent.tap ?? event.eventId }]
        : [{ do: 'show', view: 'giveaways' }];
    case 'coupons':
      return [{ do: 'show', view: 'catalog', page: intent.page ?? 1 }];
    case 'my_coupons':
      return [{ do: 'show', view: 'my_coupons' }];
    case 'coupon':
      return [{ do: 'show_coupon', code: intent.code }];
    case 'link':
      return [{ do: 'issue_link_code' }];
    case 'unlink':
      return [{ do: 'unlink' }];
    case 'stop':
      return [{ do: 'set_broadcasts', on: false }, say('optout.stopped')];
    case 'start':
      return [{ do: 'set_broadcasts', on: true }, say('optout.started')];
    case 'agree':
      return [{ do: 'show', view: 'help', note: 'confirm.nothing' }];
    case 'points':
      return [{ do: 'show', view: 'points' }];
    case 'history':
      return [{ do: 'show', view: 'history' }];
    case 'card':
    case 'join':
      return [{ do: 'show', view: 'card' }];
    case 'help':
      return [{ do: 'show', view: 'help' }];
    case 'cancel':
      return [{ do: 'show', view: 'help', note: 'flow.nothing_to_cancel' }];
    case 'language':
      return intent.language
        ? [
            { do: 'set_language', language: intent.language },
            { do: 'show', view: 'help', note: 'language.switched' },
          ]
        : [{ do: 'show', view: 'language_menu' }];
    default:
      if (event.type === 'follow') return [{ do: 'show', view: 'help' }];
      return [{ do: 'show', view: 'help', note: event.type === 'unsupported' ? 'help.unsupported' : 'help.unknown' }];
  }
}

function startRegistration(now: number, prefix: Step[] = []): Decision {
  return {
    state: { v: 1, flow: 'register', step: 'name', draft: {}, expiresAt: now + FLOW_TIMEOUT_MS },
    steps: [...prefix, { do: 'show', view: 'welcome' }, say('register.ask_name', undefined, 'name')],
  };
}

/** A 6-digit link code sent from a not-yet-member identity (full-width digits and spaces allowed). */
function linkCode(event: InboundEvent): string | null {
  if (event.type !== 'text') return null;
  const digits = event.text.normalize('NFKC').replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

function visitorTurn(input: TurnInput): Decision {
  const { state, now, event } = input;
  const intent = parseIntent(event);
  const code = linkCode(event);
  if (code) return { state: IDLE, steps: [{ do: 'link_identity', code }] };
  if (state === null) return startRegistration(now);
  if (state.flow === 'idle') {
    if (event.type === 'follow' || intent.type === 'join') return startRegistration(now);
    if (intent.type === 'language' && intent.language) {
      return { state, steps: [{ do: 'set_language', language: intent.language }, say('register.needed', {}, 'join')] };
    }
    return { state, steps: [say('register.needed', {}, 'join')] };
  }
  if (state.flow !== 'register') return { state: IDLE, steps: [say('register.needed', {}, 'join')] };
  if (state.expiresAt <= now) return startRegistration(now, [say('register.timed_out')]);
  if (intent.type === 'cancel') return { state: IDLE, steps: [say('register.cancelled', {}, 'join')] };
  if (event.type === 'follow') return { state, steps: [reprompt(state)] };
  return registrationStep(state, event, intent, now, input.timeZone);
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

function advance(
  state: RegisterState,
  step: RegisterState['step'],
  draft: RegistrationDraft,
  now: number,
): RegisterState {
  return { ...state, step, draft, expiresAt: now + FLOW_TIMEOUT_MS };
}

function registrationStep(
  state: RegisterState,
  event: InboundEvent,
  intent: Intent,
  now: number,
  timeZone: string,
): Decision {
  const text = event.type === 'text' ? event.text.normalize('NFKC').trim() : null;
  switch (state.step) {
    case 'name': {
      if (text === null || text.length < 1 || [...text].length > 40)
        return { state, steps: [say('register.bad_name', {}, 'name')] };
      const next = advance(state, 'phone', { ...state.draft, name: text }, now);
      return { state: next, steps: [say('register.ask_phone', { name: text }, 'cancel')] };
    }
    case 'phone': {
      const phone = text === null ? null : toE164(text);
      if (!phone) return { state, steps: [say('register.bad_phone', {}, 'cancel')] };
      return {
        state: advance(state, 'birthday', { ...state.draft, phone }, now),
        steps: [say('register.ask_birthday', {}, 'birthday')],
      };
    }
    case 'birthday': {
      let birthday: string | null;
      if (intent.type === 'skip') birthday = null;
      else if (text !== null && isPlausibleBirthday(text, localDate(now, timeZone))) birthday = text;
      else return { state, steps: [say('register.bad_birthday', {}, 'birthday')] };
      return {
        state: advance(state, 'consent', { ...state.draft, birthday }, now),
        steps: [say('register.ask_consent', {}, 'consent')],
      };
    }
    case 'consent': {
      if (intent.type !== 'agree') return { state, steps: [say('register.consent_again', {}, 'consent')] };
      const { name, phone, birthday } = state.draft;
      // A draft that lost a field (an old stored state) starts over rather than registering half a member.
      if (!name || !phone) return startRegistration(now);
      return { state: IDLE, steps: [{ do: 'register', draft: { name, phone, birthday: birthday ?? null } }] };
    }
  }
}

function isPlausibleBirthday(s: string, today: string): boolean {
  return isLocalDate(s) && s >= '1900-01-01' && s <= today;
}
