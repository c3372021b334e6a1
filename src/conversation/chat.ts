// The conversation's own commands: help, and the words that answer a flow's question (cancel, agree, skip),
// which outside a flow just say there is nothing to answer.
import { hasKey } from '../kernel/i18n/catalog.js';
import { AGREE, CANCEL, HELP, SKIP } from './domain/command-names.js';
import { helpReply } from './domain/views.js';
import type { ChatCommand, ChatModule, CommandResult, TurnContext } from './registry.js';

const help = (ctx: TurnContext, note?: string): Promise<CommandResult> =>
  Promise.resolve({ replies: [helpReply(ctx.view, note && hasKey(note) ? note : undefined)] });

const commands: ChatCommand[] = [
  {
    name: HELP,
    keywords: { en: ['help', 'menu', '?'], 'zh-TW': ['說明', '幫助', '選單'] },
    plan: (ctx, args) => help(ctx, args.note),
  },
  {
    name: CANCEL,
    keywords: { en: ['cancel'], 'zh-TW': ['取消'] },
    plan: (ctx) => help(ctx, 'flow.nothing_to_cancel'),
  },
  {
    name: AGREE,
    keywords: { en: ['agree', 'yes', 'i agree', 'confirm', 'ok'], 'zh-TW': ['同意', '我同意', '確認', '是'] },
    plan: (ctx) => help(ctx, 'confirm.nothing'),
  },
  {
    name: SKIP,
    keywords: { en: ['skip'], 'zh-TW': ['跳過'] },
    // Only the birthday question can be skipped; anywhere else the word means nothing.
    forMember: null,
    plan: (ctx) => help(ctx, 'help.unknown'),
  },
];

export const conversationChat: ChatModule = { commands };
