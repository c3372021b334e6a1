// The announcement reply: a brand's broadcast (a campaign, a flash giveaway) as a channel-neutral view model. Pure.

import type { QuickReply, Reply } from '../../conversation/domain/replies.js';
import type { Language } from '../../kernel/i18n/language.js';

export interface AnnouncementInput {
  readonly title: string;
  readonly body: string;
  /** Shown above the text when it is an https:// URL; anything else (http:, a typo, "") is left out. */
  readonly imageUrl?: string | null;
  /** The one button (a claim postback, a link...), or null/undefined for none. */
  readonly action?: QuickReply | null;
  readonly language: Language;
  readonly quickReplies?: readonly QuickReply[];
}

/** Channels fetch images over https only, and LINE refuses a URL over 2,000 characters. */
const MAX_IMAGE_URL = 2000;

function httpsUrl(url: string | null | undefined): string | null {
  const u = url?.trim();
  return u && /^https:\/\/\S+$/i.test(u) && u.length <= MAX_IMAGE_URL ? u : null;
}

/**
 * An announcement reply. `text` is its complete plain-text rendering (LINE altText and text fallback, logs): the
 * title, the body, and the button's label on its own line (with the link for a link button, so plain text still
 * leads somewhere). A button without a label is left out.
 */
export function announcementReply(o: AnnouncementInput): Reply {
  const title = o.title.trim();
  const body = o.body.trim();
  const label = o.action?.label.trim();
  const action: QuickReply | null = o.action && label ? { ...o.action, label } : null;
  const actionLine = !action
    ? null
    : action.action.type === 'uri'
      ? `${action.label}: ${action.action.uri}`
      : `→ ${action.label}`;
  return {
    kind: 'announcement',
    language: o.language,
    title,
    body,
    imageUrl: httpsUrl(o.imageUrl),
    action,
    text: [title, body, actionLine].filter(Boolean).join('\n'),
    ...(o.quickReplies && o.quickReplies.length > 0 && { quickReplies: o.quickReplies }),
  };
}
