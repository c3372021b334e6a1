// Channel-neutral replies -> WhatsApp. WhatsApp Web (whatsapp-web.js) has no usable buttons or lists, so every
// choice becomes a numbered option the member answers with its number ("2", "２") or its keyword; the Cloud API
// renders the same options as interactive buttons or lists where they fit (see ../whatsapp-cloud/render.ts).
// Numbering is global over one outbox row (one turn's replies), so a number always means one thing.

import type { QuickReply, Reply } from '../../conversation/domain/replies.js';
import { t } from '../../kernel/i18n/catalog.js';
import type { Language } from '../../kernel/i18n/language.js';
import { actionKey, normalizeAnswer, type OptionAction, type WaOption } from './answers.js';

export type { OptionAction, WaOption };

export interface ListEntry {
  /** Index into `options`, or null when the entry has no action (a sold-out item, a used coupon). */
  readonly option: number | null;
  readonly title: string;
  readonly lines: readonly string[];
  /** The action's label ("Claim", "Choose"...). */
  readonly actionLabel: string | null;
}

/** One reply, laid out: a bold title, a body, an optional image, its own buttons, and list entries. */
export interface Block {
  readonly title: string | null;
  readonly body: string;
  readonly image: string | null;
  /** Indexes into `options`: the reply's own buttons (an announcement's action), numbered right under the body. */
  readonly actions: readonly number[];
  readonly entries: readonly ListEntry[];
}

export interface Layout {
  readonly language: Language;
  readonly blocks: readonly Block[];
  readonly options: readonly WaOption[];
  /** Indexes into `options`: the quick replies offered under the last reply. */
  readonly menu: readonly number[];
  readonly links: readonly { readonly label: string; readonly uri: string }[];
}

export type WaMessage =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly url: string; readonly caption: string };

export interface TextRendering {
  readonly messages: readonly WaMessage[];
  readonly options: readonly WaOption[];
}

export interface TextRenderOptions {
  /** List entries per message before a list continues in the next one. */
  readonly listPageSize?: number;
  /** WhatsApp allows 4096 characters per text and 1024 per caption; we stay well under for readability. */
  readonly maxTextChars?: number;
  readonly maxCaptionChars?: number;
}

/** The few words WhatsApp's text and list layouts add around a turn's replies, from the message catalogue. */
export function words(language: Language) {
  return {
    hint: t(language, 'whatsapp.number_hint'),
    choose: t(language, 'whatsapp.choose'),
    menu: t(language, 'whatsapp.menu'),
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Lays a turn's replies out once; the text and Cloud renderers both read it, so numbers agree everywhere. */
export function layoutReplies(replies: readonly Reply[]): Layout {
  const options: WaOption[] = [];
  const byKey = new Map<string, number>();
  const links: { label: string; uri: string }[] = [];
  const addOption = (qr: QuickReply, extra: readonly string[] = []): number | null => {
    const action = qr.action;
    if (action.type === 'datepicker') return null; // no date picker on WhatsApp: the member types the date
    if (action.type === 'uri') {
      if (!links.some((l) => l.uri === action.uri)) links.push({ label: qr.label, uri: action.uri });
      return null;
    }
    const key = actionKey(action);
    const existing = byKey.get(key);
    if (existing !== undefined) return existing;
    const keywords = [qr.label, action.type === 'postback' ? action.displayText : action.text, ...extra]
      .filter((w): w is string => Boolean(w))
      .map(normalizeAnswer);
    options.push({ label: qr.label, action, keywords: [...new Set(keywords)] });
    byKey.set(key, options.length - 1);
    return options.length - 1;
  };

  const blocks = replies.map((r): Block => blockOf(r, addOption));
  const last = [...replies].reverse().find((r) => r.quickReplies && r.quickReplies.length > 0);
  const listed = new Set(options.map((_, i) => i));
  const menu: number[] = [];
  for (const qr of last?.quickReplies ?? []) {
    const i = addOption(qr);
    if (i !== null && !listed.has(i) && !menu.includes(i)) menu.push(i);
  }
  return { language: replies[replies.length - 1]?.language ?? 'en', blocks, options, menu, links };
}

function blockOf(r: Reply, addOption: (qr: QuickReply, extra?: readonly string[]) => number | null): Block {
  const plain = (title: string | null, body: string, image: string | null = null): Block => ({
    title,
    body,
    image,
    actions: [],
    entries: [],
  });
  switch (r.kind) {
    case 'text':
    case 'receipt': // the sentence says it all: "You spent NT$320 and earned 6 points. You now have 1,250 points."
      return plain(null, r.text);
    case 'welcome':
    case 'help':
    case 'confirm':
      return plain(r.title, r.body);
    case 'card':
      return plain(
        r.title,
        [
          r.memberName,
          ...(r.memberCode === null ? [] : [`${r.labels.code}: ${r.memberCode}`]),
          `${r.labels.since}: ${r.memberSince}`,
          r.tokenNote,
          ...r.balances.map((b) => `${b.name}: ${fmt(b.amount)} ${b.unit}${b.expiryNote ? ` (${b.expiryNote})` : ''}`),
        ].join('\n'),
        r.qrUrl,
      );
    case 'balance':
      return plain(
        r.title,
        r.emptyNote ??
          r.balances
            .map((b) => `${b.name}: *${fmt(b.amount)}* ${b.unit}${b.expiryNote ? `\n  _${b.expiryNote}_` : ''}`)
            .join('\n'),
      );
    case 'history':
      return plain(
        r.title,
        r.emptyNote ??
          r.lines.map((l) => `${l.date}  *${l.delta}* ${l.unit} (${l.pointTypeName})\n  ${l.description}`).join('\n'),
      );
    case 'checkin':
      return plain(
        r.title,
        [r.headline, ...r.lines, r.strip.map((d) => `${d.label}${d.checked ? '✓' : '·'}`).join(' ')].join('\n'),
      );
    case 'coupon': {
      // The text carries an optional intro line before the item name: keep it, bold the name.
      const lines = r.text.split('\n').map((l) => (l === r.title ? `*${l}*` : l));
      return plain(null, lines.join('\n'), r.usable ? r.qrUrl : null);
    }
    case 'giveaways':
    case 'catalog':
    case 'coupons':
      return {
        title: r.title,
        body: listNote(r),
        image: null,
        actions: [],
        entries: r.items.map((item) => ({
          option: item.action ? addOption(item.action, [item.title, item.id, `${item.action.label} ${item.id}`]) : null,
          title: item.title,
          lines: [item.subtitle, item.detail].filter((s) => s && s !== item.title),
          actionLabel: item.action?.label ?? null,
        })),
      };
    case 'announcement': {
      // A link button becomes a link under the turn (never numbered); any other button is option "1" (or the
      // number it already has in this turn).
      const option = r.action ? addOption(r.action, [r.title]) : null;
      return {
        ...plain(r.title, r.body, r.imageUrl?.startsWith('https://') ? r.imageUrl : null),
        actions: option === null ? [] : [option],
      };
    }
  }
}

/** What a list says above its entries: why it is empty, or (the catalogue) the member's balance. */
function listNote(r: Extract<Reply, { kind: 'giveaways' | 'catalog' | 'coupons' }>): string {
  return r.emptyNote ?? (r.kind === 'catalog' ? (r.balanceNote ?? '') : '');
}

/** The title and body of a block. */
export function blockText(b: Block): string {
  return [b.title ? `*${b.title}*` : null, b.body || null].filter(Boolean).join('\n');
}

/** A block's own buttons as numbered lines ("1. Claim"). */
export function actionLines(b: Block, options: readonly WaOption[]): string {
  return b.actions.map((i) => `${i + 1}. ${options[i]?.label ?? ''}`).join('\n');
}

function blockHead(b: Block, options: readonly WaOption[]): string {
  return [blockText(b), actionLines(b, options)].filter(Boolean).join('\n\n');
}

export function entryText(e: ListEntry): string {
  const head = e.option === null ? `• *${e.title}*` : `${e.option + 1}. *${e.title}*`;
  const action = e.option !== null && e.actionLabel ? ` → ${e.actionLabel}` : '';
  return [`${head}${action}`, ...e.lines.map((l) => `   ${l}`)].join('\n');
}

/** The numbered menu (and links) that close a turn. */
export function menuText(layout: Layout, includeHint: boolean): string {
  const w = words(layout.language);
  const lines = [
    ...(includeHint ? [`_${w.hint}_`] : []),
    ...layout.menu.map((i) => `${i + 1}. ${layout.options[i]?.label ?? ''}`),
    ...layout.links.map((l) => `🔗 ${l.label}: ${l.uri}`),
  ];
  return lines.join('\n');
}

/** Splits list entries into pages by count and by length. */
export function pageEntries(entries: readonly ListEntry[], pageSize: number, maxChars: number): ListEntry[][] {
  const pages: ListEntry[][] = [];
  let page: ListEntry[] = [];
  let size = 0;
  for (const e of entries) {
    const len = entryText(e).length + 1;
    if (page.length > 0 && (page.length >= pageSize || size + len > maxChars)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(e);
    size += len;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** WhatsApp text messages (and images with captions) for one turn, with the options they number. */
export function renderText(replies: readonly Reply[], o: TextRenderOptions = {}): TextRendering {
  const pageSize = o.listPageSize ?? 6;
  const maxText = o.maxTextChars ?? 3000;
  const maxCaption = o.maxCaptionChars ?? 1000;
  const layout = layoutReplies(replies);
  const messages: WaMessage[] = [];
  for (const b of layout.blocks) {
    const head = blockHead(b, layout.options);
    const pages = pageEntries(b.entries, pageSize, maxText - head.length);
    const first = [head, ...(pages[0] ?? []).map(entryText)].filter(Boolean).join('\n\n');
    if (b.image) {
      if (first.length <= maxCaption) messages.push({ kind: 'image', url: b.image, caption: first });
      else {
        messages.push({ kind: 'image', url: b.image, caption: b.title ? `*${b.title}*` : '' });
        messages.push({ kind: 'text', text: first });
      }
    } else if (first) {
      messages.push({ kind: 'text', text: first });
    }
    pages.slice(1).forEach((page, i) => {
      const title = b.title ? `*${b.title}* (${i + 2}/${pages.length})\n\n` : '';
      messages.push({ kind: 'text', text: `${title}${page.map(entryText).join('\n\n')}` });
    });
  }
  if (layout.options.length > 0 || layout.links.length > 0) {
    const menu = menuText(layout, layout.options.length > 0);
    const last = messages[messages.length - 1];
    if (last?.kind === 'text' && last.text.length + menu.length + 2 <= maxText) {
      messages[messages.length - 1] = { kind: 'text', text: `${last.text}\n\n${menu}` };
    } else if (last?.kind === 'image' && last.caption.length + menu.length + 2 <= maxCaption) {
      messages[messages.length - 1] = { ...last, caption: `${last.caption}\n\n${menu}` };
    } else {
      messages.push({ kind: 'text', text: menu });
    }
  }
  return { messages, options: layout.options };
}
