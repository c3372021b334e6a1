// Channel-neutral replies -> Cloud API messages: interactive reply buttons (<= 3, titles <= 20 characters) or lists
// (<= 10 rows, titles <= 24) where they fit, text with numbered options otherwise, images by link. The options are
// the same, in the same order, as the text rendering's (../whatsapp/render-text.ts), so a typed number works too.

import type { Reply } from '../../conversation/domain/replies.js';
import {
  actionLines,
  type Block,
  blockText,
  entryText,
  type Layout,
  layoutReplies,
  menuText,
  type OptionAction,
  pageEntries,
  type WaOption,
  words,
} from '../whatsapp/render-text.js';
import type { GraphMessage } from './graph-message.js';
import { encodeOptionId } from './webhook.js';

export const LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  buttonId: 256,
  sectionTitle: 24,
  listButton: 20,
  interactiveBody: 1024,
  text: 4096,
  caption: 1024,
} as const;

const len = (s: string) => [...s].length;
const cut = (s: string, n: number) => (len(s) <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);

export interface CloudRendering {
  readonly messages: readonly GraphMessage[];
  readonly options: readonly WaOption[];
}

interface Row {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

/** A list row: the id carries the action; a long title is shortened (the message body shows it in full). */
function row(option: WaOption, title: string, description?: string): Row | null {
  const id = encodeOptionId(option.action as OptionAction);
  if (len(id) > LIMITS.rowId || title.trim().length === 0) return null;
  const d = [len(title) > LIMITS.rowTitle ? title : null, description?.trim()].filter(Boolean).join(' · ');
  const short = cut(title.trim(), LIMITS.rowTitle);
  return d ? { id, title: short, description: cut(d, LIMITS.rowDescription) } : { id, title: short };
}

const text = (body: string): GraphMessage => ({ type: 'text', text: { body, preview_url: false } });

export function renderCloud(replies: readonly Reply[]): CloudRendering {
  const layout = layoutReplies(replies);
  const w = words(layout.language);
  const messages: GraphMessage[] = [];
  let menuDone = layout.menu.length === 0;
  const menuRows = (): Row[] | null => {
    const rows = layout.menu.map((i) => {
      const o = layout.options[i];
      return o ? row(o, o.label) : null;
    });
    return rows.every((r): r is Row => r !== null) ? rows : null;
  };

  layout.blocks.forEach((b, index) => {
    const head = blockText(b);
    const isLast = index === layout.blocks.length - 1;
    if (b.actions.length > 0) {
      if (buttonsOf(layout, b, head, isLast && !menuDone ? menuRows() : null, messages, w)) menuDone = true;
      return;
    }
    if (b.image) {
      messages.push({
        type: 'image',
        image: { link: b.image, ...(head ? { caption: cut(head, LIMITS.caption) } : {}) },
      });
      return;
    }
    const actionable = b.entries.filter((e) => e.option !== null);
    if (actionable.length > 0) {
      const list = listOf(layout, b, head, isLast && !menuDone ? menuRows() : null, w);
      if (list) {
        messages.push(list.message);
        if (list.includesMenu) menuDone = true;
        return;
      }
      for (const [p, page] of pageEntries(b.entries, 6, 3000).entries()) {
        const top = p === 0 ? head : b.title ? `*${b.title}* (${p + 1})` : '';
        messages.push(text([top, ...page.map(entryText)].filter(Boolean).join('\n\n')));
      }
      return;
    }
    const lines = [head, ...b.entries.map(entryText)].filter(Boolean).join('\n\n');
    if (lines) messages.push(text(cut(lines, LIMITS.text)));
  });

  if (!menuDone) attachMenu(layout, messages, menuRows(), w);
  else if (layout.links.length > 0) messages.push(text(layout.links.map((l) => `🔗 ${l.label}: ${l.uri}`).join('\n')));
  return { messages, options: layout.options };
}

/**
 * A block with its own buttons (an announcement): one reply-buttons message with its image as the header, and the
 * menu's buttons too when all fit in 3. A text over the 1,024 an interactive body allows goes out first (as an
 * image caption or a text), the buttons under its title alone. Buttons that cannot be made become numbered text.
 * Returns whether the menu was included.
 */
function buttonsOf(
  layout: Layout,
  b: Block,
  head: string,
  menu: Row[] | null,
  messages: GraphMessage[],
  w: ReturnType<typeof words>,
): boolean {
  const own: Row[] = [];
  for (const i of b.actions) {
    const o = layout.options[i];
    const id = o ? encodeOptionId(o.action) : '';
    const title = cut(o?.label.trim() ?? '', LIMITS.buttonTitle);
    if (!id || len(id) > LIMITS.buttonId || !title) break;
    own.push({ id, title });
  }
  if (own.length !== b.actions.length || own.length > LIMITS.buttons) {
    pushContent(messages, b, [head, actionLines(b, layout.options)].filter(Boolean).join('\n\n'));
    return false;
  }
  const withMenu =
    menu !== null &&
    own.length + menu.length <= LIMITS.buttons &&
    menu.every((r) => len(r.title) <= LIMITS.buttonTitle);
  const buttons = (withMenu ? [...own, ...menu] : own).map((r) => ({
    type: 'reply' as const,
    reply: { id: r.id, title: r.title },
  }));
  const fits = head !== '' && len(head) <= LIMITS.interactiveBody;
  if (!fits) pushContent(messages, b, head);
  const body = fits ? head : cut(b.title ? `*${b.title}*` : w.choose, LIMITS.interactiveBody);
  const header = fits && b.image ? { header: { type: 'image' as const, image: { link: b.image } } } : {};
  messages.push({
    type: 'interactive',
    interactive: { type: 'button', ...header, body: { text: body }, action: { buttons } },
  });
  return withMenu;
}

/** A block's text, as the caption of its image when there is one (or under it, when too long for a caption). */
function pushContent(messages: GraphMessage[], b: Block, body: string): void {
  if (!b.image) {
    if (body) messages.push(text(cut(body, LIMITS.text)));
    return;
  }
  if (len(body) <= LIMITS.caption) {
    messages.push({ type: 'image', image: { link: b.image, ...(body ? { caption: body } : {}) } });
    return;
  }
  messages.push({
    type: 'image',
    image: { link: b.image, ...(b.title ? { caption: cut(`*${b.title}*`, LIMITS.caption) } : {}) },
  });
  messages.push(text(cut(body, LIMITS.text)));
}

/** A list block as an interactive list, with the menu as a second section when both fit in 10 rows. */
function listOf(
  layout: Layout,
  b: Block,
  head: string,
  menu: Row[] | null,
  w: ReturnType<typeof words>,
): { message: GraphMessage; includesMenu: boolean } | null {
  const seen = new Set<number>();
  const rows: Row[] = [];
  const passive: string[] = [];
  for (const e of b.entries) {
    if (e.option === null) {
      passive.push(entryText(e));
      continue;
    }
    if (seen.has(e.option)) continue;
    seen.add(e.option);
    const o = layout.options[e.option];
    const r = o ? row(o, e.title, e.lines.join(' · ')) : null;
    if (!r) return null;
    rows.push(r);
  }
  if (rows.length === 0 || rows.length > LIMITS.rows) return null;
  const body = [head || b.title || w.choose, ...passive].join('\n\n');
  if (len(body) > LIMITS.interactiveBody) return null;
  const withMenu = menu && menu.length > 0 && rows.length + menu.length <= LIMITS.rows;
  const sectionTitle = cut(b.title ?? w.choose, LIMITS.sectionTitle);
  const sections = withMenu
    ? [
        { title: sectionTitle, rows },
        { title: cut(w.menu, LIMITS.sectionTitle), rows: menu },
      ]
    : [{ title: sectionTitle, rows }];
  return {
    message: {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: body },
        action: { button: cut(w.choose, LIMITS.listButton), sections },
      },
    },
    includesMenu: Boolean(withMenu),
  };
}

/** The menu under the last text as reply buttons or a list; as numbered text when it does not fit. */
function attachMenu(layout: Layout, messages: GraphMessage[], rows: Row[] | null, w: ReturnType<typeof words>) {
  const links = layout.links.map((l) => `🔗 ${l.label}: ${l.uri}`).join('\n');
  const last = messages[messages.length - 1];
  let base: string | null = null;
  if (last?.type === 'text' && len(last.text.body) + len(links) + 2 <= LIMITS.interactiveBody) {
    messages.pop();
    base = last.text.body;
  }
  const body = [base ?? w.menu, links].filter(Boolean).join('\n\n');
  if (rows && rows.length <= LIMITS.buttons && rows.every((r) => len(r.title) <= LIMITS.buttonTitle)) {
    messages.push({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: rows.map((r) => ({ type: 'reply' as const, reply: { id: r.id, title: r.title } })) },
      },
    });
  } else if (rows && rows.length <= LIMITS.rows) {
    messages.push({
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: body },
        action: {
          button: cut(w.choose, LIMITS.listButton),
          sections: [{ title: cut(w.menu, LIMITS.sectionTitle), rows: rows.map(({ id, title }) => ({ id, title })) }],
        },
      },
    });
  } else {
    messages.push(text([base, menuText({ ...layout, links: [] }, true), links].filter(Boolean).join('\n\n')));
  }
}
