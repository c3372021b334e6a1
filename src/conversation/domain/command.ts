// The pure half of a chat command or flow: how members say it and what the engine decides from it. The other
// half, `plan` (reads and the batch's statements), lives with it in its module's chat.ts (see ../registry.ts).
import type { z } from 'zod';
import type { InboundEvent } from '../../kernel/channel.js';
import type { MessageKey, MessageParams } from '../../kernel/i18n/catalog.js';
import type { Language } from '../../kernel/i18n/language.js';

/** A command's arguments: strings only, so they survive postback data and stored flow state alike. */
export type Args = Readonly<Record<string, string>>;

/** What a member asked for, whatever the channel and however they said it (keyword or button). */
export interface Intent {
  /** A registered command's name, or '' when nothing matched. */
  readonly command: string;
  readonly args: Args;
}

export const UNKNOWN: Intent = { command: '', args: {} };

/** Which quick replies go with a prompt. */
export type QuickSet = 'name' | 'yes_no' | 'birthday' | 'consent' | 'join' | 'cancel';

export type Step =
  /** A catalogue text, with the quick replies of a prompt. */
  | { readonly do: 'say'; readonly key: MessageKey; readonly params?: MessageParams; readonly quick?: QuickSet }
  /** Run a registered command's plan. */
  | { readonly do: 'run'; readonly command: string; readonly args?: Args };

/** Persisted conversation state: `v` versions the shape of each flow (see state.ts). */
export interface FlowState {
  readonly v: number;
  readonly flow: string;
  readonly expiresAt: number;
}
export type ConversationState = { readonly v: 1; readonly flow: 'idle' } | FlowState;

export interface Decision {
  readonly state: ConversationState;
  readonly steps: readonly Step[];
}

/** What a command's or flow's pure part sees of the turn. */
export interface TurnInput {
  readonly event: InboundEvent;
  /** Null when this identity has never talked to us. */
  readonly state: ConversationState | null;
  readonly isMember: boolean;
  readonly now: number;
  readonly timeZone: string;
}

/** A handler's answer: steps (the conversation returns to idle), or a whole decision (it opens a flow). */
export type Handled = readonly Step[] | Decision;

export interface CommandSpec {
  /** Unique; also the postback data's `cmd`. */
  readonly name: string;
  /** Whole messages that mean this command, per language (matched after normalizeText). */
  readonly keywords?: Readonly<Record<Language, readonly string[]>>;
  /** Text after a keyword ("claim DEMO"): the intent it means, or undefined when it means nothing. */
  readonly withText?: (rest: string) => Intent | undefined;
  /** A message that matches no keyword ("領取DEMO", a 6-digit link code): the intent, or undefined. */
  readonly match?: (text: string) => Intent | undefined;
  /** Postback parameters (besides `cmd`) to the intent; default: no arguments. */
  readonly fromPostback?: (param: (key: string) => string | null) => Intent;
  /** A member's message: default runs the command; null means members cannot use it. */
  readonly forMember?: ((args: Args, input: TurnInput) => Handled) | null;
  /** A visitor's message (no membership yet): default asks them to join first. */
  readonly forVisitor?: (args: Args, input: TurnInput) => Handled;
  /** Taken before any flow a visitor is in (a link code sent in the middle of registering). */
  readonly beforeFlows?: boolean;
}

export interface FlowTurn {
  readonly input: TurnInput;
  readonly intent: Intent;
}

/** A flow's step answers a decision, or passes: the flow ends and the message is read as a command. */
export type FlowAnswer = Decision | { readonly pass: true; readonly steps?: readonly Step[] };

/**
 * A multi-step conversation, one pure function over its own versioned state (like a grammY conversation): the
 * engine stores what it returns and hands it back with the member's next message.
 */
export interface FlowSpec<S extends FlowState = FlowState> {
  readonly name: string;
  /** Who is in this flow: members (redeem confirmation) or visitors (registration). */
  readonly audience: 'member' | 'visitor';
  /** Parses the stored state; a state this schema refuses (an older shape) is dropped. */
  readonly schema: z.ZodType<S>;
  step(state: S, turn: FlowTurn): FlowAnswer;
  /** Past `expiresAt`; default: say so and read the message as a command. */
  expired?(state: S, turn: FlowTurn): FlowAnswer;
}

export const say = (key: MessageKey, params?: MessageParams, quick?: QuickSet): Step => ({
  do: 'say',
  key,
  params,
  quick,
});
export const run = (command: string, args?: Args): Step => ({ do: 'run', command, args });
