// The conversation's own commands: help (the guide), the menu, and the words that answer a flow's question
// (cancel, agree, decline, skip), which outside a flow just say there is nothing to answer.
import { hasKey, type MessageKey } from '../kernel/i18n/catalog.js';
import { run } from './domain/command.js';
import { AGREE, CANCEL, DECLINE, HELP, MENU, SKIP } from './domain/command-names.js';
import { helpGuideReply } from './domain/help-view.js';
import { visitorMenu } from './domain/quick-replies.js';
import { helpReply } from './domain/views.js';
import type { ChatCommand, ChatModule, CommandResult, TurnContext } from './registry.js';

/** The menu card: the main buttons, under a note (why it is shown) or the plain title. */
const menu = (ctx: TurnContext, note?: string): Promise<CommandResult> => {
  const reply = helpReply(ctx.view, note && hasKey(note) ? (note as MessageKey) : undefined);
  // A visitor's buttons lead in (join, language), not to member commands.
  const shown = ctx.member ? reply : { ...reply, quickReplies: visitorMenu(ctx.view.language) };
  return Promise.resolve({ replies: [shown] });
};

const commands: ChatCommand[] = [
  {
    name: HELP,
    keywords: { en: ['help', '?'], 'zh-TW': ['說明', '幫助'] },
    forVisitor: () => [run(HELP)],
    // With a note (an unknown message, a sticker) it is the menu under that note; asked for, it is the guide.
    plan: (ctx, args) =>
      args.note ? menu(ctx, args.note) : Promise.resolve({ replies: [helpGuideReply(ctx.view, !ctx.member)] }),
  },
  {
    name: MENU,
    keywords: { en: ['menu'], 'zh-TW': ['選單', '主選單'] },
    forVisitor: (args) => [run(MENU, args)],
    plan: (ctx, args) => menu(ctx, args.note),
  },
  {
    name: CANCEL,
    keywords: { en: ['cancel'], 'zh-TW': ['取消'] },
    plan: (ctx) => menu(ctx, 'flow.nothing_to_cancel'),
  },
  {
    name: AGREE,
    keywords: { en: ['agree', 'yes', 'i agree', 'confirm', 'ok'], 'zh-TW': ['同意', '我同意', '確認', '是'] },
    plan: (ctx) => menu(ctx, 'confirm.nothing'),
  },
  {
    name: DECLINE,
    keywords: { en: ['decline', 'no', 'disagree'], 'zh-TW': ['不同意', '不是', '不要', '否'] },
    plan: (ctx) => menu(ctx, 'confirm.declined'),
  },
  {
    name: SKIP,
    keywords: { en: ['skip'], 'zh-TW': ['跳過'] },
    // Only the birthday question can be skipped; anywhere else the word means nothing.
    forMember: null,
    plan: (ctx) => menu(ctx, 'help.unknown'),
  },
];

export const conversationChat: ChatModule = { commands };
