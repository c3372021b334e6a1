/**
 * Keyword matching is case- and width-insensitive: NFKC folds full-width letters and digits (ＰＯＩＮＴＳ, ０９１２)
 * to their ASCII forms, then we lower-case and collapse spaces.
 */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
