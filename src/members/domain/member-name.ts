// A member's name as typed at registration: what people will see on the card, in the staff console and in replies.

export const MAX_NAME_LENGTH = 40;
/** Code points, whatever they look like: 10 per character seen (a family emoji with skin tones has 11 in one, rare). */
const MAX_NAME_CODE_POINTS = 10 * MAX_NAME_LENGTH;

/** Refused anywhere: control characters (NUL, tab, newline, DEL, C1), line and paragraph separators, lone
 * surrogates, and the bidi embeddings, overrides and isolates that reorder what is shown around them. */
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;
/** Dropped anywhere: invisible characters (zero-width space, word joiner, BOM, soft hyphen, bidi marks, Hangul
 * fillers...: Unicode's default-ignorables) except the joiners and selectors that shape emoji and some scripts. */
const INVISIBLE =
  /(?!\u200C|\u200D|[\uFE00-\uFE0F]|[\u{E0020}-\u{E007F}]|[\u{E0100}-\u{E01EF}])\p{Default_Ignorable_Code_Point}/gu;
/** Something a person sees: a letter, digit, symbol or punctuation mark (not the blank braille pattern). */
const VISIBLE = /(?!\u2800)[\p{L}\p{N}\p{S}\p{P}]/u;

export type NameCheck =
  | { readonly ok: true; readonly name: string }
  /** `length`: empty or over 40; `unreadable`: nothing visible, or characters we do not store. */
  | { readonly ok: false; readonly problem: 'length' | 'unreadable' };

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The name to store, or why not. Full-width letters are folded (NFKC), invisible characters dropped, spaces
 * trimmed; the length counts what a person sees (grapheme clusters: "👩‍👩‍👧" is one, "é" typed as e + accent is one).
 */
export function memberName(typed: string): NameCheck {
  const folded = typed.normalize('NFKC').trim();
  if (folded === '') return { ok: false, problem: 'length' };
  if (FORBIDDEN.test(folded)) return { ok: false, problem: 'unreadable' };
  const name = folded.replace(INVISIBLE, '').trim();
  if (!VISIBLE.test(name)) return { ok: false, problem: 'unreadable' };
  const seen = [...graphemes.segment(name)].length;
  if (seen > MAX_NAME_LENGTH || [...name].length > MAX_NAME_CODE_POINTS) return { ok: false, problem: 'length' };
  return { ok: true, name };
}
