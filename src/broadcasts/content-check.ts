// A broadcast's buttons must name something a member can use when it goes out: refused at creation and in the
// preview, rather than members tapping into "not found".
import { err, ok, type Result } from '../kernel/result.js';
import { type BroadcastContent, contentReferences } from './domain/content.js';

/** Looks up what a broadcast's buttons name: its end (epoch ms, null: open-ended), or undefined when unknown. */
export interface ContentReferences {
  giveaway(code: string): Promise<{ readonly endsAt: number } | undefined>;
  item(code: string): Promise<{ readonly activeTo: number | null } | undefined>;
}

/** A button naming something a member could not use. */
export type ContentRefusalCode = 'unknown_giveaway' | 'giveaway_ended' | 'unknown_item' | 'item_ended';

/** Refuses content whose button names an unknown giveaway or item, or one that has ended by `at` (epoch ms). */
export async function checkContent(
  refs: ContentReferences | undefined,
  content: BroadcastContent,
  at: number,
): Promise<Result<void, { code: ContentRefusalCode; message: string }>> {
  if (!refs) return ok(undefined);
  const named = contentReferences(content);
  for (const code of named.giveaways) {
    const g = await refs.giveaway(code);
    if (!g) return err({ code: 'unknown_giveaway', message: `no giveaway ${code}` });
    if (g.endsAt <= at) return err({ code: 'giveaway_ended', message: `giveaway ${code} has ended` });
  }
  for (const code of named.items) {
    const item = await refs.item(code);
    if (!item) return err({ code: 'unknown_item', message: `no catalogue item ${code}` });
    if (item.activeTo !== null && item.activeTo <= at)
      return err({ code: 'item_ended', message: `catalogue item ${code} is no longer offered` });
  }
  return ok(undefined);
}
