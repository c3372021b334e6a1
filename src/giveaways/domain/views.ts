// The list of live giveaways: what each gives, how many claims are left, the member's own limits, and a claim
// button only while the member can claim it.

import { pointsOf } from '../../conversation/domain/amounts.js';
import { postbackData } from '../../conversation/domain/intents.js';
import type { ListItem, QuickReply, Reply } from '../../conversation/domain/replies.js';
import { engagementQuickReplies, localDateTime, type ViewContext } from '../../conversation/domain/views.js';
import { t } from '../../kernel/i18n/catalog.js';
import type { Giveaway } from './giveaway.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/** A member's claims of one giveaway, today and in all. */
export interface MemberClaims {
  readonly today: number;
  readonly total: number;
}

/** Why the member can't claim it now (a catalogue text), or what they have left. */
function memberNote(
  ctx: ViewContext,
  g: Giveaway,
  soldOut: boolean,
  mine: MemberClaims,
): { note: string; can: boolean } {
  if (soldOut) return { note: t(ctx.language, 'giveaways.sold_out'), can: false };
  const leftTotal = Math.max(g.totalLimit - mine.total, 0);
  const leftToday = Math.min(Math.max(g.dailyLimit - mine.today, 0), leftTotal);
  if (leftTotal === 0) return { note: t(ctx.language, 'giveaways.done_all'), can: false };
  if (leftToday === 0) return { note: t(ctx.language, 'giveaways.done_today'), can: false };
  const key = leftTotal <= leftToday ? 'giveaways.mine_total' : 'giveaways.mine_today';
  return { note: t(ctx.language, key, { left: fmt(leftToday) }), can: true };
}

function entry(
  ctx: ViewContext,
  g: Giveaway & { budgetLeft: number },
  mine: MemberClaims,
  tapSeed: string,
  now: number,
): ListItem {
  const amount = { points: pointsOf(ctx, g.pointType, g.perClaim) };
  const claimsLeft = Math.floor(g.budgetLeft / g.perClaim);
  const ended = now >= g.endsAt;
  const { note, can } = ended
    ? { note: t(ctx.language, 'claim.giveaway_ended', { title: g.titles[ctx.language] }), can: false }
    : memberNote(ctx, g, claimsLeft === 0, mine);
  const label = t(ctx.language, 'giveaways.get', amount);
  const action: QuickReply | null = can
    ? {
        label,
        // The nonce makes each rendered button a distinct tap; tapping it twice still claims once.
        action: {
          type: 'postback',
          data: postbackData('claim', { g: g.code, n: `${tapSeed}-${g.code}` }),
          displayText: `${label}: ${g.titles[ctx.language]}`,
        },
      }
    : null;
  return {
    id: g.code,
    title: g.titles[ctx.language],
    subtitle: t(ctx.language, 'giveaways.reward', amount),
    detail: [
      t(ctx.language, 'giveaways.detail', { left: fmt(claimsLeft), until: localDateTime(ctx, g.endsAt) }),
      note,
    ].join(' · '),
    imageUrl: null,
    action,
  };
}

export function giveawaysReply(
  ctx: ViewContext,
  giveaways: readonly (Giveaway & { budgetLeft: number })[],
  tapSeed: string,
  member: { readonly claims: ReadonlyMap<string, MemberClaims>; readonly now: number } = { claims: new Map(), now: 0 },
): Reply {
  const title = t(ctx.language, 'giveaways.title');
  const none: MemberClaims = { today: 0, total: 0 };
  const items = giveaways
    .slice(0, 12)
    .map((g) => entry(ctx, g, member.claims.get(g.code) ?? none, tapSeed, member.now));
  const emptyNote = items.length === 0 ? t(ctx.language, 'giveaways.empty') : null;
  return {
    kind: 'giveaways',
    language: ctx.language,
    title,
    items,
    emptyNote,
    text: [title, ...(emptyNote ? [emptyNote] : items.map((i) => `${i.title}: ${i.subtitle} (${i.detail})`))].join(
      '\n',
    ),
    quickReplies: engagementQuickReplies(ctx),
  };
}
