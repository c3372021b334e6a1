// The `register` command: the registration flow's last step writes the member, their first chat identity and
// the welcome gift in the turn's batch, and answers with the card.
import type { Args } from '../conversation/domain/command.js';
import type { Reply } from '../conversation/domain/replies.js';
import { type BalanceData, textReply } from '../conversation/domain/views.js';
import type { CommandResult, QrLinks, TurnContext } from '../conversation/index.js';
import type { IdGen } from '../kernel/clock.js';
import { newMemberCode } from '../kernel/ids.js';
import { RETRY } from '../kernel/plan.js';
import { localDate } from '../kernel/time.js';
import { wallet } from '../ledger/domain/accounts.js';
import { formatPoints } from '../ledger/domain/point-type.js';
import type { Ledger } from '../ledger/index.js';
import { type CardSettings, memberCard } from './card.js';
import type { WelcomeBonus } from './domain/welcome-bonus.js';
import type { MemberChatHooks } from './hooks.js';
import type { ChatStore, MemberRecord } from './store.js';

export interface RegisterDeps {
  readonly members: ChatStore;
  readonly ledger: Ledger;
  readonly welcomeBonus: () => Promise<WelcomeBonus | null>;
  readonly qr: QrLinks;
  readonly card: CardSettings;
  readonly ids: IdGen;
  readonly timeZone: string;
  readonly consentVersion: string;
  /** Statements for the same batch when a chat becomes a member's (the LINE rich menu link). */
  readonly hooks?: MemberChatHooks;
}

/** The refusal of a registration whose phone number another member has: told to link instead, nothing written. */
export const PHONE_TAKEN = 'phone_taken';

export async function planRegister(d: RegisterDeps, ctx: TurnContext, args: Args): Promise<CommandResult> {
  const { now, event } = ctx;
  // The UNIQUE index on members' phone numbers decided in an earlier attempt of this turn (two chats registering
  // one number at once: exactly one becomes a member). No member, no welcome gift; the way in is a link code.
  if (ctx.refused === PHONE_TAKEN) return { replies: [textReply(ctx.view, 'register.phone_taken')] };
  const member = {
    id: d.ids.next(),
    memberCode: newMemberCode(),
    name: args.name ?? '',
    phoneE164: args.phone ?? '',
    birthday: args.birthday || null,
    language: ctx.view.language,
    registeredAt: now,
    registeredLocalDate: localDate(now, d.timeZone),
    consentVersion: d.consentVersion,
    consentAt: now,
  };
  const statements = [
    d.members.insertMember(member),
    d.members.attachIdentity(event.channel, event.userId, member.id),
    ...(d.hooks?.joined(event.channel, event.userId, now) ?? []),
  ];
  const bonus = await d.welcomeBonus();
  const prepared = bonus
    ? await d.ledger.prepare({
        key: `welcome:${member.id}`,
        pointType: bonus.pointType,
        from: { kind: 'issuance' },
        to: wallet(member.id),
        amount: bonus.amount,
        reason: { code: 'welcome_bonus' },
      })
    : undefined;
  // A misconfigured bonus (unknown point type) must not stop anyone from joining.
  const credited = prepared?.ok ? prepared.value.statements : [];
  return {
    replies: await registeredReplies(d, ctx, member, prepared?.ok ? bonus : null),
    plan: {
      statements: [...statements, ...credited],
      success: member.id,
      // The number is another member's: answered with PHONE_TAKEN. A member code drawn twice, or a welcome credit
      // raced: the turn is rebuilt from fresh reads.
      refusal: (e) => {
        if (d.members.isPhoneTaken(e)) return PHONE_TAKEN;
        return d.members.isRegistrationRace(e) || d.ledger.isKeyTaken(e) ? RETRY : undefined;
      },
    },
  };
}

async function registeredReplies(
  d: RegisterDeps,
  ctx: TurnContext,
  member: MemberRecord,
  bonus: WelcomeBonus | null,
): Promise<Reply[]> {
  const { view } = ctx;
  const replies = [textReply(view, 'register.done', { name: member.name, code: member.memberCode })];
  const balances: BalanceData[] = [];
  const pointType = bonus && view.pointTypes.find((p) => p.code === bonus.pointType);
  if (bonus && pointType) {
    replies.push(
      textReply(view, 'register.welcome_bonus', { points: formatPoints(bonus.amount, pointType, view.language) }),
    );
    balances.push({ pointType: bonus.pointType, available: bonus.amount });
  }
  replies.push(await memberCard(d, view, member, balances, ctx.now));
  return replies;
}
