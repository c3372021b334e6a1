// The list of live giveaways, each with its claim button.
import { postbackData } from '../../conversation/domain/intents.js';
import type { ListItem, Reply } from '../../conversation/domain/replies.js';
import {
  engagementQuickReplies,
  localDateTime,
  pointTypeName,
  type ViewContext,
} from '../../conversation/domain/views.js';
import { t } from '../../kernel/i18n/catalog.js';
import type { Giveaway } from './giveaway.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export function giveawaysReply(
  ctx: ViewContext,
  giveaways: readonly (Giveaway & { budgetLeft: number })[],
  tapSeed: string,
): Reply {
  const title = t(ctx.language, 'giveaways.title');
  const items: ListItem[] = giveaways.slice(0, 12).map((g) => ({
    id: g.code,
    title: g.titles[ctx.language],
    subtitle: g.code,
    detail: t(ctx.language, 'giveaways.detail', {
      amount: fmt(g.perClaim),
      pointType: pointTypeName(ctx, g.pointType),
      left: fmt(g.budgetLeft),
      budget: fmt(g.budget),
      until: localDateTime(ctx, g.endsAt),
    }),
    imageUrl: null,
    action: {
      label: t(ctx.language, 'giveaways.claim'),
      // The nonce makes each rendered button a distinct tap; tapping it twice still claims once.
      action: {
        type: 'postback',
        data: postbackData('claim', { g: g.code, n: `${tapSeed}-${g.code}` }),
        displayText: `${t(ctx.language, 'giveaways.claim')} ${g.code}`,
      },
    },
  }));
  const emptyNote = items.length === 0 ? t(ctx.language, 'giveaways.empty') : null;
  return {
    kind: 'giveaways',
    language: ctx.language,
    title,
    items,
    emptyNote,
    text: [
      title,
      ...(emptyNote ? [emptyNote] : items.map((i) => `${i.title} (${i.subtitle}): ${i.detail} — claim ${i.subtitle}`)),
    ].join('\n'),
    quickReplies: engagementQuickReplies(ctx),
  };
}
