// Flash giveaways from the chat: the live list, and a claim (one batch: the guarded claim row and its transfer).

import { pointsOf, unitOf } from '../conversation/domain/amounts.js';
import type { Intent } from '../conversation/domain/command.js';
import { engagementQuickReplies, localDateTime, textReply } from '../conversation/domain/views.js';
import { type ChatModule, type CommandResult, memberOf, type TurnContext } from '../conversation/index.js';
import type { MessageKey } from '../kernel/i18n/catalog.js';
import type { ClaimRefusalCode } from './domain/giveaway.js';
import { giveawaysReply } from './domain/views.js';
import type { GiveawayService } from './service.js';

/** What the member is told for each refusal: a new code without its message fails `tsc`. */
const CLAIM_REFUSED: Record<ClaimRefusalCode | 'not_configured', MessageKey> = {
  unknown_giveaway: 'claim.unknown_giveaway',
  giveaway_not_started: 'claim.giveaway_not_started',
  giveaway_ended: 'claim.giveaway_ended',
  not_eligible: 'claim.not_eligible',
  sold_out: 'claim.sold_out',
  daily_limit_reached: 'claim.daily_limit_reached',
  total_limit_reached: 'claim.total_limit_reached',
  not_configured: 'claim.giveaway_ended',
};

const CODE = /^[a-z0-9_-]{1,32}$/;
const claimIntent = (code: string | undefined | null, tap?: string | null): Intent => ({
  command: 'claim',
  args: code ? { code: code.toUpperCase(), ...(tap ? { tap } : {}) } : {},
});

export function giveawaysChat(giveaways: GiveawayService): ChatModule {
  const list = async (ctx: TurnContext): Promise<CommandResult> => {
    const [live, claims] = await Promise.all([giveaways.liveGiveaways(), giveaways.memberClaims(memberOf(ctx).id)]);
    return { replies: [giveawaysReply(ctx.view, live, ctx.event.eventId, { claims, now: ctx.now })] };
  };
  const claim = async (ctx: TurnContext, code: string, tap: string): Promise<CommandResult> => {
    const giveaway = await giveaways.giveaway(code);
    if (!giveaway) {
      const live = await list(ctx);
      return { replies: [textReply(ctx.view, 'claim.unknown_giveaway', { code }), ...live.replies] };
    }
    const title = giveaway.titles[ctx.view.language];
    const planned = ctx.refused ? undefined : await giveaways.planClaim(memberOf(ctx).id, code, tap);
    if (planned?.ok) {
      const { claimsLeftToken, balanceToken } = planned.value.success;
      // The balance is the database's figure at commit (a token): at least perClaim, so plural unless both are 1.
      const params = {
        points: pointsOf(ctx.view, giveaway.pointType, giveaway.perClaim),
        title,
        left: claimsLeftToken,
        balance: `${balanceToken} ${unitOf(ctx.view, giveaway.pointType, giveaway.perClaim === 1 ? 2 : giveaway.perClaim)}`,
      };
      // The next step: spend the points, or see what else is on.
      const text = textReply(ctx.view, 'claim.ok', params, engagementQuickReplies(ctx.view));
      return { replies: [text], plan: planned.value };
    }
    const why = (ctx.refused ?? (planned && !planned.ok ? planned.error.code : 'unknown_giveaway')) as ClaimRefusalCode;
    const key = CLAIM_REFUSED[why] ?? 'claim.unknown_giveaway';
    const params = { title, code, start: localDateTime(ctx.view, giveaway.startsAt) };
    return { replies: [textReply(ctx.view, key, params, engagementQuickReplies(ctx.view))] };
  };
  return {
    commands: [
      {
        name: 'giveaways',
        keywords: { en: ['giveaways', 'giveaway', 'events'], 'zh-TW': ['活動', '限時活動'] },
        plan: list,
      },
      {
        name: 'claim',
        keywords: { en: ['claim'], 'zh-TW': ['領取'] },
        withText: (rest) => (CODE.test(rest) ? claimIntent(rest) : undefined),
        // "領取DEMO" without a space is common when typing Chinese.
        match: (text) => {
          const glued = /^(領取|claim)([a-z0-9_-]{1,32})$/.exec(text);
          return glued?.[2] ? claimIntent(glued[2]) : undefined;
        },
        // `n` identifies one button press, so a repeated tap does not claim twice.
        fromPostback: (p) => claimIntent(p('g'), p('n')),
        plan: (ctx, args) => (args.code ? claim(ctx, args.code, args.tap ?? ctx.event.eventId) : list(ctx)),
      },
    ],
  };
}
