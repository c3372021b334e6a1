// The simulator's rich menu: which menu a simulated chat would have on LINE (the guest menu for a visitor, the
// member menu once that chat belongs to a member) and its image. The page draws the image and puts one button on
// each area; a tap sends the area's action like a LINE client would. Mounted under /simulator/*, so behind the
// simulator's guard.
import type { Hono } from 'hono';
import { z } from 'zod';
import type { RichMenuContent, RichMenuKind } from '../line/rich-menu/index.js';

export interface SimulatorRichMenus {
  /** The menus of FLEX_TEMPLATES_DIR/rich-menus/ (read once by the caller; [] when there are none). */
  readonly menus: () => Promise<readonly RichMenuContent[]>;
  /** Whether this simulator chat belongs to a member (registered, or linked to one). */
  readonly isMember: (userId: string) => Promise<boolean>;
}

const userIdSchema = z.string().regex(/^sim-[\w-]{1,40}$/);
const imageSchema = z.string().regex(/^(guest|member)\.png$/);

/** What GET /simulator/api/rich-menu answers: LINE's rich menu object, less what only LINE needs. */
export function richMenuView(content: RichMenuContent) {
  const { size, chatBarText, areas } = content.menu;
  return {
    kind: content.kind,
    menu: { size, chatBarText, areas: areas.map(({ bounds, action }) => ({ bounds, action })) },
    // The content hash in the URL: a changed menu is a new image to the browser's cache.
    imageUrl: `/simulator/rich-menus/${content.kind}.png?v=${content.hash.slice(0, 16)}`,
  };
}

export function simulatorRichMenuRoutes(app: Hono, o: SimulatorRichMenus | undefined): void {
  const menu = async (kind: RichMenuKind) => (await o?.menus())?.find((m) => m.kind === kind);

  app.get('/simulator/api/rich-menu', async (c) => {
    const userId = userIdSchema.safeParse(c.req.query('userId'));
    if (!userId.success) return c.json({ error: 'invalid_request', field: 'userId' }, 400);
    const kind: RichMenuKind = o && (await o.isMember(userId.data)) ? 'member' : 'guest';
    const content = await menu(kind);
    return c.json(content ? richMenuView(content) : { kind, menu: null, imageUrl: null });
  });

  app.get('/simulator/rich-menus/:image', async (c) => {
    const image = imageSchema.safeParse(c.req.param('image'));
    const content = image.success ? await menu(image.data.slice(0, -'.png'.length) as RichMenuKind) : undefined;
    if (!content) return c.json({ error: 'not_found' }, 404);
    return c.body(content.png as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'image/png',
      'cache-control': 'no-cache',
      etag: `"${content.hash.slice(0, 32)}"`,
    });
  });
}
