// Reply view models -> LINE messages. Pure: no I/O (templates come in already loaded; load-templates.ts reads
// them from disk on Node, bundled-templates.ts imports them statically for Workers and as the default).
import type { messagingApi } from '@line/bot-sdk';
import type { BalanceLine, ListItem, QuickReply, Reply } from '../../../conversation/domain/replies.js';
import { datetimepicker, plainTextQuickReplies } from '../text-render.js';
import { bundledTemplateFiles } from './bundled-templates.js';
import { jsonBytes, LINE_LIMITS, truncate } from './limits.js';
import { SAMPLE_REPLIES } from './samples.js';
import { fillTemplate, type Json, TemplateError } from './template.js';
import {
  FLEX_KINDS,
  type FlexKind,
  type FlexTemplateFiles,
  type FlexTemplateOptions,
  type FlexTemplates,
  parseFlexTemplateFiles,
} from './templates.js';

type FlexReply = Extract<Reply, { kind: FlexKind }>;

/** A Flex result LINE would refuse (over a size limit, not a bubble or carousel); the reply goes out as text. */
export class FlexRenderError extends Error {
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(`Flex template "${template}": ${message}`);
    this.name = 'FlexRenderError';
  }
}

/**
 * One LINE message per reply: 'text' replies as text messages, every other kind as a Flex message from its
 * template with altText = the reply's plain text (cut to 1,500). The LAST message carries the quick replies of
 * the last reply (at most 13; labels cut to 20; an action LINE would refuse is left out; when the last reply went
 * out as text, an announcement's button comes first). A reply whose template fails or whose Flex is over LINE's
 * limits goes out as its plain text (and templates.onError hears of it).
 * May return more than 5 messages; send them in chunks of 5 (see chunkMessages in limits.ts).
 */
export function renderLineMessages(
  replies: readonly Reply[],
  templates: FlexTemplates = defaultFlexTemplates(),
): messagingApi.Message[] {
  const messages: messagingApi.Message[] = [];
  let lastAsFlex = false;
  for (const reply of replies) {
    const message = renderMessage(reply, templates);
    if (message) messages.push(message);
    lastAsFlex = message?.type === 'flex';
  }
  const last = messages.at(-1);
  const lastReply = replies.at(-1);
  // A reply that went out as text lost its buttons: the quick replies carry an announcement's button instead.
  const items = quickReplyItems(lastAsFlex ? (lastReply?.quickReplies ?? []) : plainTextQuickReplies(lastReply));
  if (last && items.length > 0) messages[messages.length - 1] = { ...last, quickReply: { items } };
  return messages;
}

function renderMessage(reply: Reply, templates: FlexTemplates): messagingApi.Message | undefined {
  if (reply.kind === 'text') return textMessage(reply.text);
  try {
    const contents = renderFlexContainer(reply, templates);
    const altText = truncate(
      reply.text.trim() || reply.title.trim() || templates.theme.brandName,
      LINE_LIMITS.altTextLength,
    );
    return { type: 'flex', altText, contents };
  } catch (error) {
    if (!(error instanceof TemplateError || error instanceof FlexRenderError)) throw error;
    templates.onError?.(error, reply);
    return textMessage(reply.text);
  }
}

function textMessage(text: string): messagingApi.TextMessage | undefined {
  // LINE refuses an empty text message; a reply with nothing to say sends nothing.
  return text.trim() ? { type: 'text', text: truncate(text, LINE_LIMITS.textLength) } : undefined;
}

/**
 * The Flex container (bubble or carousel) for one reply. Throws TemplateError when the template names a value the
 * reply does not have, FlexRenderError when the result is not something LINE accepts in size or shape.
 */
export function renderFlexContainer(reply: FlexReply, templates: FlexTemplates): messagingApi.FlexContainer {
  const scope = { ...scopeFor(reply), theme: templates.theme, brandName: templates.theme.brandName };
  const filled = tidy(fillTemplate(reply.kind, templates.templates[reply.kind], scope));
  return checkContainer(reply.kind, filled);
}

/** What a template can read: the reply's fields, with actions turned into LINE actions and amounts formatted. */
function scopeFor(reply: FlexReply): Record<string, unknown> {
  switch (reply.kind) {
    case 'card':
    case 'balance':
      return { ...reply, balances: reply.balances.map(balanceView) };
    case 'help':
      return { ...reply, actions: reply.actions.map(actionView).filter((a) => a !== null) };
    case 'giveaways':
    case 'coupons':
      return { ...reply, items: reply.items.map(itemView) };
    case 'catalog':
      return { ...reply, items: reply.items.map(itemView), nextPage: reply.nextPage && actionView(reply.nextPage) };
    case 'confirm':
      return { ...reply, confirm: actionView(reply.confirm), cancel: actionView(reply.cancel) };
    case 'announcement':
      // The image is decoration and the button optional: one LINE would refuse is left out, never the message.
      return { ...reply, imageUrl: flexImageUrl(reply.imageUrl), action: reply.action && actionView(reply.action) };
    default:
      return { ...reply };
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

function balanceView(b: BalanceLine) {
  return { ...b, amountText: `${fmt(b.amount)} ${b.unit}` };
}

function itemView(item: ListItem) {
  return { ...item, imageUrl: flexImageUrl(item.imageUrl), action: item.action && actionView(item.action) };
}

/** LINE fetches images over https only (at most 2,000 characters) and refuses the whole message otherwise. */
function flexImageUrl(url: string | null): string | null {
  return url?.startsWith('https://') && url.length <= LINE_LIMITS.imageUrlLength ? url : null;
}

/** A button's view: its label and the LINE action (`{"$value": "item.action.lineAction"}` in a template). */
function actionView(q: QuickReply): { label: string; lineAction: messagingApi.Action } | null {
  const lineAction = toLineAction(q);
  return lineAction ? { label: lineAction.label ?? q.label, lineAction } : null;
}

/** A LINE action within LINE's limits, or null when it cannot be made so without changing what it does. */
export function toLineAction(q: QuickReply): messagingApi.Action | null {
  const label = truncate(q.label.trim(), LINE_LIMITS.actionLabelLength);
  if (!label) return null;
  const a = q.action;
  switch (a.type) {
    case 'postback': {
      // Cutting postback data would change the command: leave such an action out instead.
      if (a.data.length > LINE_LIMITS.postbackDataLength) return null;
      const displayText = a.displayText?.trim() ? truncate(a.displayText, LINE_LIMITS.displayTextLength) : undefined;
      return { type: 'postback', label, data: a.data, ...(displayText && { displayText }) };
    }
    case 'message':
      if (!a.text.trim() || a.text.length > LINE_LIMITS.messageActionTextLength) return null;
      return { type: 'message', label, text: a.text };
    case 'uri':
      if (a.uri.length > LINE_LIMITS.uriLength || !/^(?:https?:\/\/|line:\/\/|tel:)/i.test(a.uri)) return null;
      return { type: 'uri', label, uri: a.uri };
    case 'datepicker':
      if (a.data.length > LINE_LIMITS.postbackDataLength) return null;
      return datetimepicker(label, a);
  }
}

export function quickReplyItems(quickReplies: readonly QuickReply[]): messagingApi.QuickReplyItem[] {
  return quickReplies
    .map(toLineAction)
    .filter((a) => a !== null)
    .slice(0, LINE_LIMITS.quickReplyItems)
    .map((action) => ({ type: 'action', action }));
}

const ACTION_TYPES = new Set(['postback', 'message', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location']);

/**
 * Post-filling clean-up of what a template wrote literally: text components left empty are dropped (LINE refuses
 * empty text), and literal action labels are cut to 20.
 */
function tidy(node: Json): Json {
  if (Array.isArray(node)) return node.filter((n) => !isEmptyText(n)).map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) out[k] = tidy(v);
  if (typeof out.type === 'string' && ACTION_TYPES.has(out.type) && typeof out.label === 'string')
    out.label = truncate(out.label, LINE_LIMITS.actionLabelLength);
  return out;
}

function isEmptyText(node: Json): boolean {
  return (
    typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    (node.type === 'text' || node.type === 'span') &&
    typeof node.text === 'string' &&
    node.text.trim() === '' &&
    !Array.isArray(node.contents)
  );
}

function checkContainer(template: string, json: Json): messagingApi.FlexContainer {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new FlexRenderError(template, 'did not produce a Flex bubble or carousel');
  if (json.type === 'bubble') {
    const bytes = jsonBytes(json);
    if (bytes > LINE_LIMITS.bubbleBytes)
      throw new FlexRenderError(template, `bubble is ${bytes} bytes (LINE allows ${LINE_LIMITS.bubbleBytes})`);
  } else if (json.type === 'carousel') {
    const bubbles = json.contents;
    if (!Array.isArray(bubbles) || bubbles.length === 0 || bubbles.length > LINE_LIMITS.carouselBubbles)
      throw new FlexRenderError(template, `carousel needs 1 to ${LINE_LIMITS.carouselBubbles} bubbles`);
    for (const bubble of bubbles) {
      if (typeof bubble !== 'object' || bubble === null || Array.isArray(bubble) || bubble.type !== 'bubble')
        throw new FlexRenderError(template, 'a carousel holds bubbles only');
      if (jsonBytes(bubble) > LINE_LIMITS.bubbleBytes)
        throw new FlexRenderError(template, `a bubble is over ${LINE_LIMITS.bubbleBytes} bytes`);
    }
    const bytes = jsonBytes(json);
    if (bytes > LINE_LIMITS.carouselBytes)
      throw new FlexRenderError(template, `carousel is ${bytes} bytes (LINE allows ${LINE_LIMITS.carouselBytes})`);
  } else {
    throw new FlexRenderError(template, `type must be "bubble" or "carousel", not ${JSON.stringify(json.type)}`);
  }
  return json as unknown as messagingApi.FlexContainer;
}

/**
 * FlexTemplates from parsed template files (see load-templates.ts for Node, bundled-templates.ts for Workers),
 * tried on sample replies of every kind: a template that names a missing value throws here, at start-up.
 */
export function buildFlexTemplates(files: FlexTemplateFiles, options: FlexTemplateOptions = {}): FlexTemplates {
  const templates = parseFlexTemplateFiles(files, options);
  for (const kind of FLEX_KINDS) for (const sample of SAMPLE_REPLIES[kind]) renderFlexContainer(sample, templates);
  return templates;
}

let defaults: FlexTemplates | undefined;

/** The templates shipped in flex-templates/, bundled into the code (built once). */
export function defaultFlexTemplates(): FlexTemplates {
  defaults ??= buildFlexTemplates(bundledTemplateFiles);
  return defaults;
}
