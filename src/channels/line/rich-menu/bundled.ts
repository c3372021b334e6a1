// Workers: the rich menus of flex-templates/rich-menus/ imported at build time, with the PNGs `rich-menus render`
// drew (bundled-images.ts, base64): no file system and no resvg needed there.
import guest from '../../../../flex-templates/rich-menus/guest.json' with { type: 'json' };
import member from '../../../../flex-templates/rich-menus/member.json' with { type: 'json' };
import { BUNDLED_RICH_MENU_PNGS } from './bundled-images.js';
import { type RichMenuContent, type RichMenuKind, richMenuContent } from './domain/menu.js';

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export async function bundledRichMenus(): Promise<RichMenuContent[]> {
  const out: RichMenuContent[] = [];
  for (const [kind, json] of [
    ['guest', guest],
    ['member', member],
  ] as [RichMenuKind, unknown][]) {
    const b64 = BUNDLED_RICH_MENU_PNGS[kind];
    if (!b64) continue;
    const content = await richMenuContent(kind, json, fromBase64(b64));
    if (!content.ok) throw new Error(`bundled rich menu: ${content.error.join('; ')}`);
    out.push(content.value);
  }
  return out;
}
