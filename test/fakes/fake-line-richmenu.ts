// The rich menu part of the fake LINE API (fake-line-server.ts routes these here):
//   POST   /v2/bot/richmenu                      RichMenuRequest checked (schema + limits), 400 with details
//   POST   /v2/bot/richmenu/{id}/content          (the data host) PNG of the menu's size, <= 1 MB, once per menu
//   POST   /v2/bot/user/all/richmenu/{id}         the default menu (needs an image)
//   POST   /v2/bot/user/{userId}/richmenu/{id}    link one user
//   DELETE /v2/bot/user/{userId}/richmenu         unlink one user
//   POST   /v2/bot/richmenu/bulk/link             { richMenuId, userIds <= 500 }, 202; `bulkRateLimit` answers 429
import { randomUUID } from 'node:crypto';
import { formatErrors, lineErrorBody, loadLineSchema } from '../support/line-schema.js';
import { richMenuImageErrors, richMenuRequestErrors } from '../support/rich-menu-checks.js';

export interface FakeRichMenus {
  readonly menus: Map<string, { body: { size: { width: number; height: number } }; image?: number }>;
  readonly created: string[];
  readonly links: Map<string, string>;
  readonly unlinks: string[];
  readonly bulkCalls: { richMenuId: string; userIds: string[] }[];
  defaultId: string | undefined;
  readonly invalid: string[];
  /** Answers the next `times` bulk link calls 429 with Retry-After: `retryAfter` seconds. */
  throttleBulk(times: number, retryAfter?: string): void;
  /** Answers the next `times` per-user link and unlink calls `status` (LINE down). */
  failLinks(times: number, status: number): void;
  reset(): void;
}

type Answer = (status: number, body: unknown, headers?: Record<string, string>) => void;

export function fakeRichMenus(validate: boolean) {
  const schema = validate ? loadLineSchema() : undefined;
  let throttle = { times: 0, retryAfter: '1' };
  let failing = { times: 0, status: 500 };
  const state: FakeRichMenus = {
    menus: new Map(),
    created: [],
    links: new Map(),
    unlinks: [],
    bulkCalls: [],
    defaultId: undefined,
    invalid: [],
    failLinks(times, status) {
      failing = { times, status };
    },
    throttleBulk(times, retryAfter = '1') {
      throttle = { times, retryAfter };
    },
    reset() {
      state.menus.clear();
      state.created.length = 0;
      state.links.clear();
      state.unlinks.length = 0;
      state.bulkCalls.length = 0;
      state.defaultId = undefined;
      state.invalid.length = 0;
      throttle = { times: 0, retryAfter: '1' };
    },
  };
  const refuse = (answer: Answer, path: string, errors: (string | { message: string; path: string })[]) => {
    state.invalid.push(`${path}: ${formatErrors(errors)}`);
    answer(400, lineErrorBody(errors));
  };
  const ready = (id: string) => state.menus.get(id)?.image !== undefined;

  /** True when it handled the request. */
  function handle(method: string, path: string, raw: Buffer, contentType: string | undefined, answer: Answer): boolean {
    const json = () => {
      try {
        return JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        return null;
      }
    };
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v2/bot/richmenu') {
      const body = json();
      const errors = schema ? richMenuRequestErrors(schema, body) : [];
      if (errors.length > 0) {
        refuse(answer, path, errors);
        return true;
      }
      const id = `richmenu-${randomUUID().replaceAll('-', '')}`;
      state.menus.set(id, { body: body as { size: { width: number; height: number } } });
      state.created.push(id);
      answer(200, { richMenuId: id });
      return true;
    }
    m = /^\/v2\/bot\/richmenu\/([^/]+)\/content$/.exec(path);
    if (method === 'POST' && m) {
      const menu = state.menus.get(m[1] ?? '');
      if (!menu) {
        answer(404, { message: 'Not found' });
        return true;
      }
      if (menu.image !== undefined) {
        answer(400, { message: 'An image has already been uploaded to the richmenu' });
        return true;
      }
      const errors = richMenuImageErrors(new Uint8Array(raw), contentType, menu.body.size);
      if (errors.length > 0) {
        refuse(answer, path, errors);
        return true;
      }
      menu.image = raw.byteLength;
      answer(200, {});
      return true;
    }
    if (method === 'POST' && path === '/v2/bot/richmenu/bulk/link') {
      const body = json() as { richMenuId?: string; userIds?: string[] } | null;
      if (throttle.times > 0) {
        throttle.times--;
        answer(
          429,
          { message: 'The API rate limit has been exceeded. Try again later.' },
          { 'retry-after': throttle.retryAfter },
        );
        return true;
      }
      const ids = Array.isArray(body?.userIds) ? body.userIds : [];
      if (ids.length < 1 || ids.length > 500) {
        refuse(answer, path, ['body.userIds: 1 to 500 user ids']);
        return true;
      }
      if (!ready(body?.richMenuId ?? '')) {
        answer(400, { message: 'richmenu not found or without an image' });
        return true;
      }
      state.bulkCalls.push({ richMenuId: String(body?.richMenuId), userIds: ids });
      for (const u of ids) state.links.set(u, String(body?.richMenuId));
      answer(202, {});
      return true;
    }
    m = /^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/.exec(path);
    if (method === 'POST' && m) {
      if (!ready(m[1] ?? '')) {
        answer(400, { message: 'richmenu not found or without an image' });
        return true;
      }
      state.defaultId = m[1];
      answer(200, {});
      return true;
    }
    if (/^\/v2\/bot\/user\/(?!all\/)[^/]+\/richmenu/.test(path) && failing.times > 0) {
      failing.times--;
      answer(failing.status, { message: 'Internal server error' });
      return true;
    }
    m = /^\/v2\/bot\/user\/([^/]+)\/richmenu\/([^/]+)$/.exec(path);
    if (method === 'POST' && m) {
      if (!ready(m[2] ?? '')) {
        answer(400, { message: 'richmenu not found or without an image' });
        return true;
      }
      state.links.set(decodeURIComponent(m[1] ?? ''), m[2] ?? '');
      answer(200, {});
      return true;
    }
    m = /^\/v2\/bot\/user\/([^/]+)\/richmenu$/.exec(path);
    if (method === 'DELETE' && m) {
      const user = decodeURIComponent(m[1] ?? '');
      state.links.delete(user);
      state.unlinks.push(user);
      answer(200, {});
      return true;
    }
    return false;
  }
  return { state, handle };
}
