// One member turn: read, decide (the pure engine over the registry), plan (each step's command), commit ONE batch
// (state version, the commands' writes, the inbox mark, the replies), and retry from fresh reads on a lost race.
import type { InboxItem, InboxStore } from '../inbox/index.js';
import type { Channel, InboundProfile } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';
import type { Logger } from '../kernel/logger.js';
import { localDate } from '../kernel/time.js';
import type { PointType } from '../ledger/domain/point-type.js';
import type { Decision, Step } from './domain/command.js';
import { decide } from './domain/engine.js';
import { languageFromTag } from './domain/intents.js';
import { readState } from './domain/state.js';
import { type BrandInfo, promptQuickReplies, textReply, type ViewContext } from './domain/views.js';
import type { ChatIdentity, ChatMember, MemberDirectory, ProfileSource, StateStore, StoredState } from './ports.js';
import type { ChatRegistry, TurnContext } from './registry.js';
import { TurnBatch } from './turn-batch.js';
import { logTurn, type TurnTrace } from './turn-log.js';

export interface ChatConfig {
  readonly timeZone: string;
  readonly defaultLanguage: Language;
  readonly brand: BrandInfo;
}

export interface ChatDeps {
  readonly db: Database;
  readonly members: MemberDirectory;
  readonly states: StateStore;
  readonly inbox: InboxStore;
  readonly registry: ChatRegistry;
  readonly pointTypes: () => Promise<readonly PointType[]>;
  readonly clock: Clock;
  readonly profiles: Partial<Record<Channel, ProfileSource>>;
  readonly config: ChatConfig;
  /** One line per turn (a hashed id, the commands, the outcome, milliseconds: no names, phone numbers or text). */
  readonly log?: Logger;
}

export type TurnOutcome =
  | { readonly status: 'done' }
  /** Its effects were committed by an earlier run (a redelivery, or a restart after a crash). */
  | { readonly status: 'duplicate' };

const MAX_ATTEMPTS = 8;

interface Reads {
  readonly identity: ChatIdentity | undefined;
  readonly stored: StoredState | undefined;
  readonly member: ChatMember | undefined;
}

export class ChatService {
  constructor(private readonly d: ChatDeps) {}

  async handle(item: InboxItem): Promise<TurnOutcome> {
    const trace: TurnTrace = { started: performance.now(), steps: [], member: undefined };
    // Steps whose command the database refused in an earlier attempt: rerun with the refusal as the answer.
    const refused = new Map<number, string>();
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const outcome = await this.attempt(item, refused, trace);
        if (outcome !== 'retry') {
          await logTurn(this.d.log, item, trace, [...refused.values()][0] ?? outcome.status);
          return outcome;
        }
      }
      throw new Error(`turn for inbox event ${item.id} kept losing races`);
    } catch (error) {
      await logTurn(this.d.log, item, trace, 'error');
      throw error;
    }
  }

  private async attempt(
    item: InboxItem,
    refused: Map<number, string>,
    trace: TurnTrace,
  ): Promise<TurnOutcome | 'retry'> {
    const { event } = item;
    const now = this.d.clock.now();
    const reads = await this.read(event.channel, event.userId);
    const { identity, member } = reads;
    const state = readState(reads.stored?.state, (name) => this.d.registry.flow(name));
    const input = { event, state, isMember: member !== undefined, now, timeZone: this.d.config.timeZone };
    const decision = decide(input, this.d.registry);
    trace.steps = decision.steps.map((st) => (st.do === 'run' ? st.command : `say:${st.key}`));
    trace.member = member?.id;
    const profile = startsRegistration(decision) ? await this.profile(event.channel, event.userId) : undefined;
    let language: Language =
      member?.language ?? identity?.language ?? languageFromTag(profile?.language, this.d.config.defaultLanguage);
    const batch = new TurnBatch();
    batch.add(
      this.d.members.touchIdentity(event.channel, event.userId, identity?.language ?? (profile ? language : null), now),
    );

    for (const [index, step] of decision.steps.entries()) {
      const view = await this.viewContext(language);
      if (step.do === 'say') {
        const quick = promptQuickReplies(language, step.quick, profile?.displayName, localDate(now, view.timeZone));
        batch.reply(textReply(view, step.key, step.params, quick));
        continue;
      }
      const ctx: TurnContext = {
        event,
        now,
        member,
        identityLanguage: identity?.language ?? null,
        profile,
        view,
        viewIn: (l) => this.viewContext(l),
        refused: refused.get(index),
      };
      const result = await this.d.registry.command(step.command).plan(ctx, step.args ?? {});
      batch.addResult(index, result);
      language = result.language ?? language;
    }

    batch.closeReplies(decision.state.flow !== 'idle' ? 'flow' : member ? 'member' : 'visitor');
    batch.add(
      ...this.d.states.writeState(event.channel, event.userId, (reads.stored?.version ?? 0) + 1, decision.state, now),
      ...this.d.inbox.markDone(item.id, now),
      ...this.outboxRow(item, batch, now),
    );
    const result = await this.d.db.batch(batch.statements);
    if (result.ok) return { status: 'done' };
    const e = result.error;
    if (batch.noteRefusal(e, refused)) return 'retry';
    if (this.d.inbox.isAlreadyDone(e)) return { status: 'duplicate' };
    if (this.d.states.isLostRace(e)) return 'retry';
    throw new Error(`turn batch refused: ${e.kind === 'unique' ? `unique ${e.target}` : e.code}`);
  }

  /** The turn's replies as one outbox row, its retry key fixed now (every later push of it carries the same). */
  private outboxRow(item: InboxItem, batch: TurnBatch, now: number) {
    if (batch.replies.length === 0) return [];
    const { event } = item;
    const row = {
      inboxId: item.id,
      channel: event.channel,
      userId: event.userId,
      replyToken: event.replyToken ?? null,
      replies: batch.replies,
      retryKey: crypto.randomUUID(),
    };
    return [this.d.inbox.enqueue(row, now, batch.facts)];
  }

  private async read(channel: Channel, userId: string): Promise<Reads> {
    const [identity, stored] = await Promise.all([
      this.d.members.identity(channel, userId),
      this.d.states.state(channel, userId),
    ]);
    const member = identity?.memberId ? await this.d.members.member(identity.memberId) : undefined;
    return { identity, stored, member };
  }

  async viewContext(language: Language): Promise<ViewContext> {
    return {
      language,
      timeZone: this.d.config.timeZone,
      brand: this.d.config.brand,
      pointTypes: await this.d.pointTypes(),
    };
  }

  private async profile(channel: Channel, userId: string): Promise<InboundProfile | undefined> {
    const source = this.d.profiles[channel];
    if (!source) return undefined;
    try {
      return await source.profile(userId);
    } catch {
      return undefined;
    }
  }
}

/** The platform profile prefills registration (name, language); fetched only when a registration starts. */
function startsRegistration(decision: Decision): boolean {
  return decision.steps.some((s: Step) => s.do === 'say' && s.quick === 'name');
}
