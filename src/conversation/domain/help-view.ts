// The help guide: every command in plain words, grouped (rewards, points, account, any time), in the catalogue
// (`help.guide_body`); its test checks that each registered command's keyword is in it, in both languages. The
// menu (`menu` / `選單`) is the short card with the main buttons.
import { t } from '../../kernel/i18n/catalog.js';
import { mainMenu, visitorMenu } from './quick-replies.js';
import type { Reply } from './replies.js';
import type { ViewContext } from './views.js';

export function helpGuideReply(ctx: ViewContext, visitor: boolean): Extract<Reply, { kind: 'help' }> {
  const title = t(ctx.language, 'help.guide_title');
  const body = t(ctx.language, 'help.guide_body');
  return {
    kind: 'help',
    language: ctx.language,
    title,
    body,
    actions: [],
    quickReplies: visitor ? visitorMenu(ctx.language) : mainMenu(ctx.language),
    text: `${title}\n${body}`,
  };
}
