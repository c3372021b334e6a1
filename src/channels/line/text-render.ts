// Reply view models -> plain LINE text messages. The fallback when the Flex renderer fails, and a renderer of its
// own (render: renderLineText). Every reply becomes one text message (at most 5,000 characters; an empty one is left
// out); the LAST message carries the quick replies of the last reply (an announcement's button first: text has no
// buttons), kept within LINE's limits: at most 13 items, labels of at most 20 characters, postback data and message
// text of at most 300, http(s)/tel/line URIs of at most 1,000. An action LINE would refuse is left out rather than
// failing the whole call.
import type { messagingApi } from '@line/bot-sdk';
import type { QuickReply, Reply } from '../../conversation/domain/replies.js';

export const TEXT_LIMITS = {
  textLength: 5000,
  quickReplyItems: 13,
  labelLength: 20,
  postbackDataLength: 300,
  displayTextLength: 300,
  messageTextLength: 300,
  uriLength: 1000,
} as const;

export type LineRenderer = (replies: readonly Reply[]) => messagingApi.Message[];

/** `text` cut to `max` UTF-16 units without splitting a surrogate pair; an ellipsis marks the cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function action(q: QuickReply): messagingApi.Action | null {
  const label = cut(q.label.trim(), TEXT_LIMITS.labelLength);
  if (!label) return null;
  const a = q.action;
  switch (a.type) {
    case 'postback':
      if (!a.data || a.data.length > TEXT_LIMITS.postbackDataLength) return null;
      return {
        type: 'postback',
        label,
        data: a.data,
        ...(a.displayText?.trim() ? { displayText: cut(a.displayText, TEXT_LIMITS.displayTextLength) } : {}),
      } as messagingApi.PostbackAction;
    case 'message': {
      const text = a.text.trim();
      if (!text || text.length > TEXT_LIMITS.messageTextLength) return null;
      return { type: 'message', label, text } as messagingApi.MessageAction;
    }
    case 'uri':
      if (!/^(https?:|tel:|line:)/i.test(a.uri) || a.uri.length > TEXT_LIMITS.uriLength) return null;
      return { type: 'uri', label, uri: a.uri } as messagingApi.URIAction;
    case 'datepicker':
      if (a.data.length > TEXT_LIMITS.postbackDataLength) return null;
      return datetimepicker(label, a);
  }
}

/** LINE's datetimepicker in mode date; initial, min and max as YYYY-MM-DD, as LINE wants them. */
export function datetimepicker(
  label: string,
  a: Extract<QuickReply['action'], { type: 'datepicker' }>,
): messagingApi.DatetimePickerAction {
  return {
    type: 'datetimepicker',
    label,
    data: a.data,
    mode: 'date',
    ...(a.initial && { initial: a.initial }),
    ...(a.min && { min: a.min }),
    ...(a.max && { max: a.max }),
  };
}

/** Quick reply items LINE accepts, in order, at most 13. */
export function textQuickReplyItems(quickReplies: readonly QuickReply[]): messagingApi.QuickReplyItem[] {
  const items: messagingApi.QuickReplyItem[] = [];
  for (const q of quickReplies) {
    if (items.length >= TEXT_LIMITS.quickReplyItems) break;
    const a = action(q);
    if (a) items.push({ type: 'action', action: a });
  }
  return items;
}

/**
 * The quick replies under a reply shown as plain text: its own, preceded by the button a text message cannot carry
 * (an announcement's action), so the member can still tap it. A link button stays in the text as well.
 */
export function plainTextQuickReplies(reply: Reply | undefined): readonly QuickReply[] {
  const own = reply?.quickReplies ?? [];
  if (reply?.kind !== 'announcement' || !reply.action) return own;
  const button = reply.action;
  const same = (q: QuickReply) => JSON.stringify(q.action) === JSON.stringify(button.action);
  return [button, ...own.filter((q) => !same(q))];
}

export const renderLineText: LineRenderer = (replies) => {
  const messages: messagingApi.Message[] = [];
  for (const reply of replies) {
    if (!reply.text.trim()) continue;
    messages.push({ type: 'text', text: cut(reply.text, TEXT_LIMITS.textLength) } as messagingApi.TextMessage);
  }
  const last = messages.at(-1);
  const items = textQuickReplyItems(plainTextQuickReplies(replies.at(-1)));
  if (last && items.length > 0) messages[messages.length - 1] = { ...last, quickReply: { items } };
  return messages;
};
