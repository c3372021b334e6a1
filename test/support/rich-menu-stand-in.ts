// LINE's rich menu endpoints for the Workers pool's outbound stand-in (test/workers/vitest.config.ts, Node side):
// the Node fake's handler (test/fakes/fake-line-richmenu.ts: RichMenuRequest against messaging-api.yml and LINE's
// limits, the image a PNG of the menu's size, once per menu), the image upload only on the data host and every
// other rich menu call only on the API host, as on LINE. The tests read what LINE holds for one menu id (ids are
// unique, so test files running at once do not see each other's) from GET <api>/__stand-in/richmenu/{id}.
import { fakeRichMenus } from '../fakes/fake-line-richmenu.js';

export interface StandInRichMenu {
  readonly created: boolean;
  readonly size: { width: number; height: number } | null;
  /** Bytes of the uploaded image (null: none yet). */
  readonly imageBytes: number | null;
  /** How often it was made the default menu. */
  readonly defaultCalls: number;
  /** The user ids of each bulk link call to it. */
  readonly bulkCalls: string[][];
  /** Users linked to it now. */
  readonly linkedUsers: string[];
  /** Every refused request of any test (a valid app sends none). */
  readonly invalid: string[];
}

const CONTENT = /^\/v2\/bot\/richmenu\/[^/]+\/content$/;
const DEFAULT = /^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/;
const RICH_MENU_PATH = /^\/v2\/bot\/(richmenu(\/|$)|user\/[^/]+\/richmenu(\/|$))/;

/** A handler for the stand-in: a Response for a rich menu request, undefined for any other. */
export function richMenuStandIn(apiBaseUrl: string, dataApiBaseUrl: string) {
  const { state, handle } = fakeRichMenus(true);
  const apiHost = new URL(apiBaseUrl).host;
  const dataHost = new URL(dataApiBaseUrl).host;
  const defaults: string[] = [];

  const view = (id: string): StandInRichMenu => {
    const menu = state.menus.get(id);
    return {
      created: menu !== undefined,
      size: menu?.body.size ?? null,
      imageBytes: menu?.image ?? null,
      defaultCalls: defaults.filter((d) => d === id).length,
      bulkCalls: state.bulkCalls.filter((c) => c.richMenuId === id).map((c) => c.userIds),
      linkedUsers: [...state.links].filter(([, menuId]) => menuId === id).map(([user]) => user),
      invalid: [...state.invalid],
    };
  };

  return async (request: Request): Promise<Response | undefined> => {
    const url = new URL(request.url);
    const read = /^\/__stand-in\/richmenu\/([^/]+)$/.exec(url.pathname);
    if (read && request.method === 'GET') return Response.json(view(decodeURIComponent(read[1] ?? '')));
    if (!RICH_MENU_PATH.test(url.pathname)) return undefined;
    const host = CONTENT.test(url.pathname) ? dataHost : apiHost;
    if (url.host !== host) return Response.json({ message: `Not found on ${url.host}` }, { status: 404 });
    const raw = Buffer.from(await request.arrayBuffer());
    let answer: Response | undefined;
    const contentType = request.headers.get('content-type')?.split(';')[0]?.trim();
    handle(request.method, url.pathname, raw, contentType, (status, body, headers) => {
      answer = Response.json(body, { status, ...(headers && { headers }) });
    });
    const isDefault = DEFAULT.exec(url.pathname);
    if (isDefault && answer?.status === 200) defaults.push(isDefault[1] ?? '');
    return answer ?? Response.json({ message: 'Not found' }, { status: 404 });
  };
}
