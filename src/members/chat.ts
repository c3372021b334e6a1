// Members' chat commands: joining (the registration flow), the card, language, campaign opt-out, reachability,
// and one membership across chat apps (link codes).
import { type Args, run, say, UNKNOWN } from '../conversation/domain/command.js';
import { REACHABLE } from '../conversation/domain/command-names.js';
import { IDLE } from '../conversation/domain/state.js';
import { helpReply, languageMenuReply, textReply, welcomeReply } from '../conversation/domain/views.js';
import {
  type ChatCommand,
  type ChatModule,
  type CommandResult,
  memberOf,
  type TurnContext,
} from '../conversation/index.js';
import { LANGUAGES, type Language } from '../kernel/i18n/language.js';
import { memberBalances } from '../ledger/index.js';
import { memberCard } from './card.js';
import { planRegister, type RegisterDeps } from './chat-register.js';
import { CONSENT_CARD, consentReply } from './domain/consent-view.js';
import { parseLinkCode } from './domain/link-code.js';
import { LINK_KEEP, UNLINK_LINKED } from './domain/link-views.js';
import { BIRTHDAY_PICKED, REGISTER, registrationFlow, startRegistration } from './domain/registration-flow.js';
import type { LinkingService } from './linking.js';

export type MembersChatDeps = RegisterDeps & { readonly linking: LinkingService };

const LANGUAGE_WORDS: Record<string, Language> = {
  english: 'en',
  en: 'en',
  中文: 'zh-TW',
  繁體中文: 'zh-TW',
  'zh-tw': 'zh-TW',
};

const languageIntent = (lang: string | null | undefined) => ({
  command: 'language',
  args: lang ? { lang } : ({} as Args),
});

export function membersChat(d: MembersChatDeps): ChatModule {
  const card = async (ctx: TurnContext): Promise<CommandResult> => {
    const m = memberOf(ctx);
    const balances = await memberBalances(d.ledger, m.id);
    return { replies: [await memberCard(d, ctx.view, m, balances, ctx.now)] };
  };
  const commands: ChatCommand[] = [
    { name: 'welcome', forMember: null, plan: async (ctx) => ({ replies: [welcomeReply(ctx.view)] }) },
    // Registration's consent step and the birthday's date picker (its postback carries params.date).
    { name: CONSENT_CARD, forMember: null, plan: async (ctx) => ({ replies: [consentReply(ctx.view)] }) },
    {
      name: BIRTHDAY_PICKED,
      fromPostback: (p) => ({ command: BIRTHDAY_PICKED, args: { date: p('date') ?? '' } }),
      forMember: null,
      plan: async (ctx) => ({ replies: [textReply(ctx.view, 'register.needed')] }),
    },
    {
      name: REGISTER,
      forMember: null,
      plan: (ctx, args) => planRegister(d, ctx, args),
    },
    {
      name: 'join',
      keywords: { en: ['join', 'register', 'sign up'], 'zh-TW': ['註冊', '加入', '加入會員'] },
      forVisitor: (_args, input) => startRegistration(input.now),
      plan: card,
    },
    { name: 'card', keywords: { en: ['card', 'member card'], 'zh-TW': ['會員卡'] }, plan: card },
    {
      name: 'language',
      keywords: { en: ['language', 'lang'], 'zh-TW': ['語言'] },
      withText: (rest) => languageIntent(LANGUAGE_WORDS[rest]),
      match: (text) => (LANGUAGE_WORDS[text] ? languageIntent(LANGUAGE_WORDS[text]) : undefined),
      fromPostback: (p) => languageIntent(LANGUAGES.find((l) => l === p('lang'))),
      forVisitor: (args) =>
        args.lang ? [run('language', args), say('register.needed', {}, 'join')] : [say('register.needed', {}, 'join')],
      plan: async (ctx, args) => {
        const language = LANGUAGES.find((l) => l === args.lang);
        if (!language) return { replies: [languageMenuReply(ctx.view)] };
        const { event } = ctx;
        if (!ctx.member) {
          return {
            replies: [],
            language,
            statements: [d.members.setIdentityLanguage(event.channel, event.userId, language)],
          };
        }
        const view = await ctx.viewIn(language);
        return {
          replies: [helpReply(view, 'language.switched')],
          language,
          statements: [d.members.setMemberLanguage(ctx.member.id, language)],
        };
      },
    },
    {
      name: 'stop',
      keywords: { en: ['stop', 'unsubscribe'], 'zh-TW': ['退訂', '取消訂閱'] },
      forMember: () => [run('stop'), say('optout.stopped')],
      plan: async (ctx) => ({
        replies: [],
        statements: [d.members.setBroadcastOptOut(memberOf(ctx).id, true, ctx.now)],
      }),
    },
    {
      name: 'start',
      keywords: { en: ['start', 'subscribe'], 'zh-TW': ['訂閱'] },
      forMember: () => [run('start'), say('optout.started')],
      plan: async (ctx) => ({
        replies: [],
        statements: [d.members.setBroadcastOptOut(memberOf(ctx).id, false, ctx.now)],
      }),
    },
    {
      name: REACHABLE,
      forMember: null,
      plan: async (ctx, args) => {
        const { channel, userId } = ctx.event;
        const reachable = args.reachable === 'yes';
        const hook = ctx.member ? (reachable ? d.hooks?.joined : d.hooks?.left) : undefined;
        return {
          replies: [],
          statements: [d.members.setReachable(channel, userId, reachable), ...(hook?.(channel, userId, ctx.now) ?? [])],
        };
      },
    },
    ...linkCommands(d, card),
  ];
  return { commands, flows: [registrationFlow] };
}

function linkCommands(d: MembersChatDeps, card: (ctx: TurnContext) => Promise<CommandResult>): ChatCommand[] {
  return [
    {
      name: 'link',
      keywords: { en: ['link', 'link account'], 'zh-TW': ['綁定', '綁定帳號'] },
      plan: async (ctx) => d.linking.issue(ctx.view, memberOf(ctx).id, ctx.event),
    },
    {
      name: 'unlink',
      keywords: { en: ['unlink'], 'zh-TW': ['解除綁定'] },
      plan: (ctx) => d.linking.unlink(ctx.view, ctx.event, memberOf(ctx).id),
    },
    {
      // The button of the notice that another chat was linked: detaches exactly that chat.
      name: UNLINK_LINKED,
      fromPostback: (p) => ({ command: UNLINK_LINKED, args: { link: p('link') ?? '' } }),
      plan: (ctx, args) => d.linking.unlinkLinked(ctx.view, ctx.event, memberOf(ctx).id, args.link ?? ''),
    },
    {
      name: LINK_KEEP,
      plan: async (ctx) => ({ replies: [textReply(ctx.view, 'link.kept')] }),
    },
    {
      name: 'link_identity',
      match: (text) => {
        const code = parseLinkCode(text);
        return code ? { command: 'link_identity', args: { code } } : undefined;
      },
      // Typed digits only: a postback cannot reach it (nor wipe a registration half-way).
      fromPostback: () => UNKNOWN,
      beforeFlows: true,
      forMember: null,
      forVisitor: (args) => ({ state: IDLE, steps: [run('link_identity', args)] }),
      plan: async (ctx, args) => {
        const r = await d.linking.link(ctx.view, ctx.event, args.code ?? '', ctx.refused);
        if (!r.member) return r;
        const linked = r.member;
        const shown = await card({ ...ctx, member: linked, view: await ctx.viewIn(linked.language) });
        const joined = d.hooks?.joined(ctx.event.channel, ctx.event.userId, ctx.now) ?? [];
        const plan = r.plan && { ...r.plan, statements: [...r.plan.statements, ...joined] };
        return { ...r, ...(plan && { plan }), replies: [...r.replies, ...shown.replies] };
      },
    },
  ];
}
