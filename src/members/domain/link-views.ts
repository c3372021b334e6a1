// What the chat that asked for a link code is told when the code is used: which kind of app was linked, when, and
// a one-tap unlink of exactly that chat.
import { postbackData } from '../../conversation/domain/intents.js';
import type { QuickReply, Reply } from '../../conversation/domain/replies.js';
import { localDateTime, type ViewContext } from '../../conversation/domain/views.js';
import type { Channel } from '../../kernel/channel.js';
import { type MessageKey, t } from '../../kernel/i18n/catalog.js';

/** The postback command of the notice's unlink button; its `link` parameter is the used code's id. */
export const UNLINK_LINKED = 'unlink_linked';
/** The postback command of the notice's "it was me" button. */
export const LINK_KEEP = 'link_keep';

const APP: Record<Channel, MessageKey> = {
  line: 'link.app_line',
  wa_web: 'link.app_whatsapp',
  wa_cloud: 'link.app_whatsapp',
  simulator: 'link.app_simulator',
};

const linkedAppName = (ctx: ViewContext, channel: Channel): string => t(ctx.language, APP[channel]);

/** The notice, pushed to the chat that asked for the code (a confirm card: unlink it, or keep it). */
export function linkedNoticeReply(ctx: ViewContext, linkId: number, linked: Channel, at: number): Reply {
  const { language } = ctx;
  const title = t(language, 'link.notice_title');
  const body = t(language, 'link.notice_body', { app: linkedAppName(ctx, linked), time: localDateTime(ctx, at) });
  const button = (key: MessageKey, data: string): QuickReply => ({
    label: t(language, key),
    action: { type: 'postback', data, displayText: t(language, key) },
  });
  const confirm = button('link.notice_unlink', postbackData(UNLINK_LINKED, { link: String(linkId) }));
  const cancel = button('link.notice_keep', postbackData(LINK_KEEP));
  return {
    kind: 'confirm',
    language,
    title,
    body,
    confirm,
    cancel,
    text: `${title}\n${body}`,
    quickReplies: [confirm, cancel],
  };
}
