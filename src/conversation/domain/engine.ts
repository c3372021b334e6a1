// The conversation engine: pure and channel-free. From an inbound event and the stored state it decides the next
// state and the steps to take, asking the registered commands and flows; the turn (../turn.ts) runs the steps'
// plans and commits them, and channel adapters render the replies.
import {
  type CommandSpec,
  type ConversationState,
  type Decision,
  type FlowAnswer,
  type FlowSpec,
  type FlowState,
  type FlowTurn,
  type Handled,
  type Intent,
  run,
  type Step,
  say,
  type TurnInput,
} from './command.js';
import { HELP, REACHABLE } from './command-names.js';
import type { IntentParser } from './intents.js';
import { IDLE } from './state.js';

/** What the engine needs to know of the registry: the pure half of every command and flow. */
export interface EngineBook {
  readonly intents: IntentParser;
  flow(name: string): FlowSpec | undefined;
  /** Puts a visitor in the onboarding flow (registration): at first contact, and when they follow us. */
  startOnboarding(input: TurnInput): Decision;
}

export function decide(input: TurnInput, book: EngineBook): Decision {
  const { event } = input;
  if (event.type === 'unfollow') {
    // Nothing is deleted; we just stop pushing. A member's open flow is dropped; a visitor's registration waits.
    const state = input.isMember ? IDLE : (input.state ?? IDLE);
    return { state, steps: [run(REACHABLE, { reachable: 'no' })] };
  }
  const reachable: Step[] = event.type === 'follow' ? [run(REACHABLE, { reachable: 'yes' })] : [];
  const decision = input.isMember ? memberTurn(input, book) : visitorTurn(input, book);
  return { state: decision.state, steps: [...reachable, ...decision.steps] };
}

function asDecision(handled: Handled, prefix: readonly Step[] = []): Decision {
  if ('state' in handled) return { state: handled.state, steps: [...prefix, ...handled.steps] };
  return { state: IDLE, steps: [...prefix, ...(handled as readonly Step[])] };
}

function activeFlow(state: ConversationState | null, book: EngineBook): { flow: FlowSpec; state: FlowState } | null {
  if (!state || state.flow === 'idle') return null;
  const flow = book.flow(state.flow);
  return flow ? { flow, state: state as FlowState } : null;
}

/** An open flow's answer: its step, or once past `expiresAt` its `expired` hook (default: say so and move on). */
function flowAnswer(active: { flow: FlowSpec; state: FlowState }, turn: FlowTurn): FlowAnswer {
  if (active.state.expiresAt > turn.input.now) return active.flow.step(active.state, turn);
  return active.flow.expired ? active.flow.expired(active.state, turn) : { pass: true, steps: [say('flow.timed_out')] };
}

function helpFor(input: TurnInput): Step[] {
  if (input.event.type === 'follow') return [run(HELP)];
  return [run(HELP, { note: input.event.type === 'unsupported' ? 'help.unsupported' : 'help.unknown' })];
}

function memberTurn(input: TurnInput, book: EngineBook): Decision {
  const intent = book.intents.parse(input.event);
  let prefix: readonly Step[] = [];
  const active = activeFlow(input.state, book);
  const expired = input.state && input.state.flow !== 'idle' && (input.state as FlowState).expiresAt <= input.now;
  if (active?.flow.audience === 'member') {
    const answer = flowAnswer(active, { input, intent });
    if (!('pass' in answer)) return answer;
    prefix = answer.steps ?? [];
  } else if (expired) {
    // Any other flow left open (a registration from before this identity became a member) just ends.
    prefix = [say('flow.timed_out')];
  }
  const spec = book.intents.command(intent.command);
  if (!spec || spec.forMember === null) return asDecision(helpFor(input), prefix);
  return asDecision(spec.forMember ? spec.forMember(intent.args, input) : [run(spec.name, intent.args)], prefix);
}

function visitorCommand(spec: CommandSpec | undefined, intent: Intent, input: TurnInput): Handled {
  if (spec?.forVisitor) return spec.forVisitor(intent.args, input);
  return [say('register.needed', {}, 'join')];
}

function visitorTurn(input: TurnInput, book: EngineBook): Decision {
  const { state, event } = input;
  const intent = book.intents.parse(event);
  const spec = book.intents.command(intent.command);
  if (spec?.beforeFlows && spec.forVisitor) return asDecision(spec.forVisitor(intent.args, input));
  if (state === null) return book.startOnboarding(input);
  if (state.flow === 'idle') {
    if (event.type === 'follow') return book.startOnboarding(input);
    const handled = visitorCommand(spec, intent, input);
    return 'state' in handled ? handled : { state, steps: handled as readonly Step[] };
  }
  const active = activeFlow(state, book);
  if (!active || active.flow.audience !== 'visitor')
    return { state: IDLE, steps: [say('register.needed', {}, 'join')] };
  const turn: FlowTurn = { input, intent };
  const answer = flowAnswer(active, turn);
  if (!('pass' in answer)) return answer;
  return asDecision(visitorCommand(spec, intent, input), answer.steps ?? []);
}
