// A WhatsApp member answers an offered option with its number ("2", "２") or its keyword; these read the answer.

import type { QuickReplyAction } from '../../conversation/domain/replies.js';
import type { InboundEvent } from '../../kernel/channel.js';

/** An action a member can pick by number or keyword (uri actions are shown as links, never numbered). */
export type OptionAction = Exclude<QuickReplyAction, { type: 'uri' } | { type: 'datepicker' }>;

export interface WaOption {
  readonly label: string;
  readonly action: OptionAction;
  /** Normalised words that also pick this option (its label, the item's title and code...). */
  readonly keywords: readonly string[];
}

/** Case-, width- and space-insensitive form used to compare keywords ("ＰＯＩＮＴＳ" = "points"). */
export function normalizeAnswer(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function actionKey(a: OptionAction): string {
  return a.type === 'postback' ? `p:${a.data}` : `m:${a.text}`;
}

/**
 * A member's typed answer -> the option it picks: a number in range ("2", "２", "2.", "#2") or a keyword that
 * matches exactly one option. Anything else (a name, a phone number, a 6-digit link code) is left as text.
 */
export function resolveAnswer(text: string, options: readonly WaOption[]): OptionAction | null {
  if (options.length === 0) return null;
  const t = normalizeAnswer(text);
  const num = /^#?(\d{1,3})[.)]?$/.exec(t);
  if (num?.[1]) {
    const option = options[Number(num[1]) - 1];
    return option ? option.action : null;
  }
  const hits = options.filter((o) => o.keywords.includes(t));
  return hits.length === 1 && hits[0] ? hits[0].action : null;
}

/** Turns a text event that answers an offered option into that option's postback or text. */
export function applyAnswer(event: InboundEvent, options: readonly WaOption[]): InboundEvent {
  if (event.type !== 'text') return event;
  const action = resolveAnswer(event.text, options);
  if (!action) return event;
  const { text: _text, type: _type, ...base } = event;
  return action.type === 'postback'
    ? { ...base, type: 'postback', data: action.data }
    : { ...base, type: 'text', text: action.text };
}
