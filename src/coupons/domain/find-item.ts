// Members name catalogue items the way they see them ("兌換 拿鐵", "redeem large latte"), never by code: an item is
// found by its name in either language (case, width and spaces folded), its code, or a part only it has.
import type { CatalogItem } from './catalog.js';

export type ItemMatch =
  | { readonly kind: 'one'; readonly item: CatalogItem }
  | { readonly kind: 'many'; readonly items: readonly CatalogItem[] }
  | { readonly kind: 'none' };

/** Folds full-width forms (NFKC), case and every space, so "大杯 拿鐵", "ＬＡＴＴＥ" and "Large Latte" compare. */
export function foldName(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function keysOf(item: CatalogItem): string[] {
  return [item.code, item.names['zh-TW'], item.names.en].map(foldName);
}

/**
 * Exact code or name first; else the items whose name or code starts with it; else those that contain it ("拿鐵"
 * finds "大杯拿鐵"). One: that item; several: ask which.
 */
export function findItem(items: readonly CatalogItem[], query: string): ItemMatch {
  const q = foldName(query);
  if (!q) return { kind: 'none' };
  const exact = items.filter((i) => keysOf(i).includes(q));
  if (exact.length === 1 && exact[0]) return { kind: 'one', item: exact[0] };
  if (exact.length > 1) return { kind: 'many', items: exact };
  const prefixed = items.filter((i) => keysOf(i).some((k) => k.startsWith(q)));
  if (prefixed.length === 1 && prefixed[0]) return { kind: 'one', item: prefixed[0] };
  if (prefixed.length > 1) return { kind: 'many', items: prefixed };
  const containing = items.filter((i) => keysOf(i).some((k) => k.includes(q)));
  if (containing.length === 1 && containing[0]) return { kind: 'one', item: containing[0] };
  return containing.length > 1 ? { kind: 'many', items: containing } : { kind: 'none' };
}
