import { EngagementReplies } from '../engagement/engagement-replies.js';
import type { EngagementService } from '../engagement/service.js';
import type { Channel, InboundProfile } from '../kernel/channel.js';
import type { Clock, IdGen } from '../kernel/clock.js';
import type { BatchRefusal, CommitFact, Database, Statement } from '../kernel/database.js';
import type { Language } from '../kernel/i18n/language.js';
import { newMemberCode } from '../kernel/ids.js';
import type { Plan } from '../kernel/plan.js';
import { localDate } from '../kernel/time.js';
import { wallet } from '../ledger/domain/accounts.js';
import type { Ledger } from '../ledger/service.js';
import { LinkingService } from '../members/linking.js';
import type { ChatStore, InboxItem, InboxStore, MemberRecord } from '../members/store.js';
import { decide, type Step } from './domain/engine.js';
import { languageFromTag } from './domain/intents.js';
import type { Reply } from './domain/replies.js';
import { readState } from './domain/state.js';
import {
  type BalanceData,
  type BrandInfo,
  balanceReply,
  cardReply,
  helpReply,
  historyReply,
  languageMenuReply,
  promptQuickReplies,
  textReply,
  type ViewContext,
  welcomeReply,
} from './domain/views.js';
import type { ProfileSource, QrLinks } from './ports.js';

export interface ChatConfig {
  readonly timeZone: string;
  readonly defaultLanguage: Language;
  readonly brand: BrandInfo;
  readonly consentVersion: string;
}

export interface ChatDeps {
  readonly db: Database;
  readonly chat: ChatStore;
  readonly inbox: InboxStore;
  readonly ledger: Ledger;
  readonly engagement: EngagementService;
  readonly clock: Clock;
  readonly ids: IdGen;
  readonly qr: QrLinks;
  readonly profiles: Partial<Record<Channel, ProfileSource>>;
  readonly config: ChatConfig;
}

export type TurnOutcome =
  | { readonly status: 'done' }
  /** Its effects were committed by an earlier run (a redelivery, or a restart after a crash). */
  | { readonly status: 'duplicate' };

const MAX_ATTEMPTS = 8;
const ENGAGEMENT_VIEWS = new Set(['giveaways', 'catalog', 'my_coupons']);

/**
 * One member turn: read state, let the conversation engine decide, then commit EVERYTHING the turn changes
 * (state version, member, ledger, inbox mark, outbox replies) as one atomic batch. A race with another turn
 * of the same member loses on the state version and is retried from fresh reads.
 */
export class ChatService {
  private readonly engagementReplies: EngagementReplies;
  private readonly linking: LinkingService;

  constructor(private readonly d: ChatDeps) {
    this.engagementReplies = new EngagementReplies(d.engagement, d.ledger, d.qr, d.clock);
    this.linking = new LinkingService(d.chat, d.clock);
  }

  async handle(item: InboxItem): Promise<TurnOutcome> {
    // Steps whose command the database refused in an earlier attempt: rerun with the refusal as the answer.
    const refused = new Map<number, string>();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const outcome = await this.attempt(item, refused);
      if (outcome !== 'retry') return outcome;
    }
    throw new Error(`turn for inbox event ${item.id} kept losing races`);
  }

  private async attempt(item: InboxItem, refused: Map<number, string>): Promise<TurnOutcome | 'retry'> {
    const { event } = item;
    const now = this.d.clock.now();
    const [identity, stored] = await Promise.all([
      this.d.chat.identity(event.channel, event.userId),
      this.d.chat.state(event.channel, event.userId),
    ]);
    const member = identity?.memberId ? await this.d.chat.member(identity.memberId) : undefined;
    const state = readState(stored?.state);
    const decision = decide({ event, state, isMember: member !== undefined, now, timeZone: this.d.config.timeZone });

    // The platform profile prefills registration (name, language); fetched only when a registration starts.
    const needsProfile = !member && decision.steps.some((s) => s.do === 'say' && s.quick === 'name');
    const profile = needsProfile ? await this.profile(event.channel, event.userId) : undefined;
    let language: Language =
      member?.language ?? identity?.language ?? languageFromTag(profile?.language, this.d.config.defaultLanguage);

    const statements: Statement[] = [
      this.d.chat.touchIdentity(event.channel, event.userId, identity?.language ?? (profile ? language : null), now),
    ];
    const replies: Reply[] = [];
    let registered: MemberRecord | undefined;
    let welcomeKey: string | undefined;
    const plans: { index: number; plan: Plan<unknown, string> }[] = [];
    const facts: CommitFact[] = [];

    const addPlan = (index: number, r: { replies: Reply[]; plan?: Plan<unknown, string> }) => {
      replies.push(...r.replies);
      if (r.plan) {
        statements.push(...r.plan.statements);
        plans.push({ index, plan: r.plan });
        facts.push(...(r.plan.facts ?? []));
      }
    };

    for (const [index, step] of decision.steps.entries()) {
      const ctx = await this.viewContext(language);
      switch (step.do) {
        case 'say':
        case 'show':
          if (step.do === 'show' && ENGAGEMENT_VIEWS.has(step.view)) {
            replies.push(
              ...(member ? await this.engagementReplies.view(ctx, step, member.id, event.eventId) : [helpReply(ctx)]),
            );
          } else {
            replies.push(...(await this.render(step, language, member ?? registered, profile)));
          }
          break;
        case 'confirm_redeem':
        case 'show_coupon':
          replies.push(
            ...(member ? await this.engagementReplies.view(ctx, step, member.id, event.eventId) : [helpReply(ctx)]),
          );
          break;
        case 'checkin':
        case 'claim':
        case 'redeem':
          if (member)
            addPlan(
              index,
              await this.engagementReplies.command(ctx, step, member.id, refused.get(index), event.eventId),
            );
          else replies.push(helpReply(ctx));
          break;
        case 'issue_link_code':
          if (member) addPlan(index, this.linking.issue(ctx, member.id, refused.get(index)));
          else replies.push(helpReply(ctx));
          break;
        case 'unlink':
          if (member) addPlan(index, await this.linking.unlink(ctx, event.channel, event.userId, member.id));
          else replies.push(helpReply(ctx));
          break;
        case 'link_identity': {
          const r = await this.linking.link(ctx, event.channel, event.userId, step.code, refused.get(index));
          addPlan(index, r);
          if (r.member) {
            const linked = r.member;
            const url = await this.d.qr.memberQrUrl(linked.memberCode);
            const linkedCtx = await this.viewContext(linked.language);
            replies.push(
              cardReply(linkedCtx, { ...this.cardData(linked, url), balances: await this.balances(linked.id) }),
            );
          }
          break;
        }
        case 'set_language':
          language = step.language;
          statements.push(
            member
              ? this.d.chat.setMemberLanguage(member.id, language)
              : this.d.chat.setIdentityLanguage(event.channel, event.userId, language),
          );
          break;
        case 'set_broadcasts':
          if (member) statements.push(this.d.chat.setBroadcastOptOut(member.id, !step.on, now));
          break;
        case 'set_reachable':
          statements.push(this.d.chat.setReachable(event.channel, event.userId, step.reachable));
          break;
        case 'register': {
          const r = await this.register(step, event.channel, event.userId, language, now);
          statements.push(...r.statements);
          registered = r.member;
          welcomeKey = r.welcomeKey;
          replies.push(...(await this.registeredReplies(r.member, language)));
          break;
        }
        default:
          step satisfies never;
      }
    }

    statements.push(
      ...this.d.chat.writeState(event.channel, event.userId, (stored?.version ?? 0) + 1, decision.state, now),
      ...this.d.inbox.markDone(item.id, now),
    );
    if (replies.length > 0) {
      statements.push(
        this.d.inbox.enqueue(
          {
            inboxId: item.id,
            channel: event.channel,
            userId: event.userId,
            replyToken: event.replyToken ?? null,
            replies,
            retryKey: crypto.randomUUID(),
          },
          now,
          facts,
        ),
      );
    }

    const result = await this.d.db.batch(statements);
    if (result.ok) return { status: 'done' };
    const e = result.error;
    if (this.noteRefusal(plans, e, refused)) return 'retry';
    if (e.kind === 'unique' && e.target.startsWith('inbox_done')) return { status: 'duplicate' };
    if (e.kind === 'unique' && (e.target.startsWith('conversation_states') || e.target.startsWith('members'))) {
      return 'retry';
    }
    if (e.kind === 'unique' && welcomeKey && e.target === 'transfers.idempotency_key') return 'retry';
    throw new Error(`turn batch refused: ${e.kind === 'unique' ? `unique ${e.target}` : e.code}`);
  }

  /** Records which planned command the database refused, so the next attempt answers with that refusal. */
  private noteRefusal(
    plans: { index: number; plan: Plan<unknown, string> }[],
    e: BatchRefusal,
    refused: Map<number, string>,
  ): boolean {
    for (const { index, plan } of plans) {
      const code = plan.refusal(e);
      if (code && !refused.has(index)) {
        refused.set(index, code);
        return true;
      }
    }
    return false;
  }

  private async register(
    step: Extract<Step, { do: 'register' }>,
    channel: Channel,
    userId: string,
    language: Language,
    now: number,
  ): Promise<{ statements: Statement[]; member: MemberRecord; welcomeKey?: string }> {
    const member = {
      id: this.d.ids.next(),
      memberCode: newMemberCode(),
      name: step.draft.name,
      phoneE164: step.draft.phone,
      birthday: step.draft.birthday,
      language,
      registeredAt: now,
      registeredLocalDate: localDate(now, this.d.config.timeZone),
      consentVersion: this.d.config.consentVersion,
      consentAt: now,
    };
    const statements = [this.d.chat.insertMember(member), this.d.chat.attachIdentity(channel, userId, member.id)];
    const bonus = await this.d.engagement.welcomeBonus();
    if (!bonus) return { statements, member };
    const welcomeKey = `welcome:${member.id}`;
    const prepared = await this.d.ledger.prepare({
      key: welcomeKey,
      pointType: bonus.pointType,
      from: { kind: 'issuance' },
      to: wallet(member.id),
      amount: bonus.amount,
      reason: { code: 'welcome_bonus' },
    });
    // A misconfigured bonus (unknown point type) must not stop anyone from joining.
    if (!prepared.ok) return { statements, member };
    return { statements: [...statements, ...prepared.value.statements], member, welcomeKey };
  }

  async viewContext(language: Language): Promise<ViewContext> {
    return {
      language,
      timeZone: this.d.config.timeZone,
      brand: this.d.config.brand,
      pointTypes: await this.d.ledger.pointTypes(),
    };
  }

  private async registeredReplies(member: MemberRecord, language: Language): Promise<Reply[]> {
    const ctx = await this.viewContext(language);
    const bonus = await this.d.engagement.welcomeBonus();
    const replies = [textReply(ctx, 'register.done', { name: member.name, code: member.memberCode })];
    const balances: BalanceData[] = [];
    if (bonus && ctx.pointTypes.some((p) => p.code === bonus.pointType)) {
      const name = ctx.pointTypes.find((p) => p.code === bonus.pointType)?.names[language] ?? bonus.pointType;
      replies.push(textReply(ctx, 'register.welcome_bonus', { amount: bonus.amount, pointType: name }));
      balances.push({ pointType: bonus.pointType, available: bonus.amount });
    }
    replies.push(
      cardReply(ctx, { ...this.cardData(member, await this.d.qr.memberQrUrl(member.memberCode)), balances }),
    );
    return replies;
  }

  private cardData(member: MemberRecord, qrUrl: string) {
    return {
      memberName: member.name,
      memberCode: member.memberCode,
      registeredLocalDate: member.registeredLocalDate,
      qrUrl,
    };
  }

  private async balances(memberId: string): Promise<BalanceData[]> {
    const [balances, expiring] = await Promise.all([
      this.d.ledger.balances(memberId),
      this.d.ledger.nextExpiring(memberId),
    ]);
    return balances.map((b) => {
      const next = expiring.find((e) => e.pointType === b.pointType);
      return { pointType: b.pointType, available: b.available, nextExpiry: next ?? null };
    });
  }

  private async render(
    step: Extract<Step, { do: 'say' | 'show' }>,
    language: Language,
    member: MemberRecord | undefined,
    profile: InboundProfile | undefined,
  ): Promise<Reply[]> {
    const ctx = await this.viewContext(language);
    if (step.do === 'say') {
      return [textReply(ctx, step.key, step.params, promptQuickReplies(language, step.quick, profile?.displayName))];
    }
    switch (step.view) {
      case 'welcome':
        return [welcomeReply(ctx)];
      case 'help':
        return [helpReply(ctx, step.note)];
      case 'language_menu':
        return [languageMenuReply(ctx)];
    }
    if (!member) return [helpReply(ctx)];
    switch (step.view) {
      case 'giveaways':
      case 'catalog':
      case 'my_coupons':
        return this.engagementReplies.view(ctx, step, member.id, '');
      case 'points':
        return [balanceReply(ctx, await this.balances(member.id))];
      case 'history': {
        const page = await this.d.ledger.history(member.id, { limit: 10 });
        return [historyReply(ctx, page.entries)];
      }
      case 'card': {
        const url = await this.d.qr.memberQrUrl(member.memberCode);
        return [cardReply(ctx, { ...this.cardData(member, url), balances: await this.balances(member.id) })];
      }
    }
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
