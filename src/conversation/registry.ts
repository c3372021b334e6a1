// The command and flow registry. Each module's chat.ts exports a ChatModule: its commands (the pure CommandSpec
// plus `plan`, which reads what the command needs and returns its replies and the statements of the turn's ONE
// batch) and its flows. compose.ts collects them; the engine decides with the pure halves, the turn runs plans.
import type { InboundEvent, InboundProfile } from '../kernel/channel.js';
import type { Statement } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';
import { SYNONYMS } from '../kernel/i18n/synonyms.js';
import type { Plan } from '../kernel/plan.js';
import type { Args, CommandSpec, Decision, FlowSpec, FlowState, TurnInput } from './domain/command.js';
import type { EngineBook } from './domain/engine.js';
import { IntentParser } from './domain/intents.js';
import type { Reply } from './domain/replies.js';
import type { ViewContext } from './domain/views.js';
import type { ChatMember } from './ports.js';

export interface TurnContext {
  readonly event: InboundEvent;
  readonly now: number;
  /** The member writing; undefined for a visitor (only commands with `forVisitor` run for them). */
  readonly member: ChatMember | undefined;
  /** The identity's stored language, if it chose one before joining. */
  readonly identityLanguage: Language | null;
  readonly profile: InboundProfile | undefined;
  /** Language, brand and point types of the reply. */
  readonly view: ViewContext;
  /** The same in another language (a linked member is answered in theirs). */
  viewIn(language: Language): Promise<ViewContext>;
  /** The refusal code the database gave this step in an earlier attempt of the same turn: answer with it. */
  readonly refused: string | undefined;
}

export interface CommandResult {
  readonly replies: readonly Reply[];
  /** A write the database may refuse: its statements join the batch, a refusal reruns the turn with its code. */
  readonly plan?: Plan<unknown, string>;
  /** Writes that no guard refuses (a language, an opt-out). */
  readonly statements?: readonly Statement[];
  /** The language the rest of the turn speaks (set by `language`). */
  readonly language?: Language;
}

export interface ChatCommand extends CommandSpec {
  plan(ctx: TurnContext, args: Args): Promise<CommandResult>;
}

/** A member command's context: the member is known. */
export type MemberContext = TurnContext & { readonly member: ChatMember };

export interface ChatModule {
  readonly commands: readonly ChatCommand[];
  // biome-ignore lint/suspicious/noExplicitAny: each flow has its own state type; the engine reads it by schema
  readonly flows?: readonly FlowSpec<any>[];
}

export interface RegistryOptions {
  readonly modules: readonly ChatModule[];
  readonly startOnboarding: (input: TurnInput) => Decision;
}

export class ChatRegistry implements EngineBook {
  readonly intents: IntentParser;
  private readonly commands = new Map<string, ChatCommand>();
  private readonly flows = new Map<string, FlowSpec>();
  readonly startOnboarding: (input: TurnInput) => Decision;

  constructor(o: RegistryOptions) {
    const all = o.modules.flatMap((m) => m.commands);
    this.intents = new IntentParser(all, SYNONYMS);
    for (const c of all) this.commands.set(c.name, c);
    for (const f of o.modules.flatMap((m) => m.flows ?? [])) {
      if (this.flows.has(f.name)) throw new Error(`two chat flows are named ${f.name}`);
      this.flows.set(f.name, f as FlowSpec<FlowState>);
    }
    this.startOnboarding = o.startOnboarding;
  }

  flow(name: string): FlowSpec | undefined {
    return this.flows.get(name);
  }

  command(name: string): ChatCommand {
    const c = this.commands.get(name);
    if (!c) throw new Error(`no chat command named ${name}`);
    return c;
  }

  /** Every registered command (each is also a postback `cmd`), for the tests that walk them all. */
  allCommands(): readonly ChatCommand[] {
    return [...this.commands.values()];
  }

  /** Every command members can type, for help and its test. */
  keywordCommands(): readonly ChatCommand[] {
    return [...this.commands.values()].filter((c) => c.keywords);
  }
}

/** The member of a member command (the engine runs those for members only). */
export function memberOf(ctx: TurnContext): ChatMember {
  if (!ctx.member) throw new Error('a member command ran for a visitor');
  return ctx.member;
}
