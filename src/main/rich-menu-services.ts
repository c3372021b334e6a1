// LINE rich menus in the composition (part of ./services.ts): the service, and the hooks that queue a member's
// link and unlink in the batch of their registration, link or unfollow.

import { lineRichMenuApi } from '../channels/line/rich-menu/api.js';
import type { RichMenuContent } from '../channels/line/rich-menu/index.js';
import { type RichMenuApi, RichMenus, sqlRichMenuStore } from '../channels/line/rich-menu/index.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import type { Logger } from '../kernel/logger.js';
import type { MemberChatHooks } from '../members/index.js';
import type { AppConfig } from './config.js';

export interface LineRichMenuParts {
  readonly api: RichMenuApi;
  /** Node: flex-templates/rich-menus/ from disk; Workers: the bundled menus. */
  readonly menus: () => Promise<readonly RichMenuContent[]>;
}

export function richMenuServices(o: {
  readonly config: AppConfig;
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly lineRichMenus?: LineRichMenuParts;
}): { richMenus?: RichMenus; memberChatHooks?: MemberChatHooks } {
  if (!o.lineRichMenus) return {};
  const store = sqlRichMenuStore(o.db);
  let cached: Promise<readonly RichMenuContent[]> | undefined;
  const richMenus = new RichMenus({
    store,
    api: o.lineRichMenus.api,
    clock: o.clock,
    log: o.log,
    // Read once: a changed menu takes a restart (Node) or a deploy (Workers), then the next sync creates it.
    menus: () => {
      cached ??= o.lineRichMenus?.menus() ?? Promise.resolve([]);
      return cached;
    },
    bulkIntervalMs: o.config.RICH_MENU_BULK_INTERVAL_MS,
  });
  const on = (action: 'link' | 'unlink') => (channel: string, userId: string, now: number) =>
    channel === 'line' ? [store.enqueueLink(userId, action, now)] : [];
  return { richMenus, memberChatHooks: { joined: on('link'), left: on('unlink') } };
}

/** LINE's rich menu calls when LINE and RICH_MENUS are on, with the runtime's menus. */
export function lineRichMenuParts(
  config: AppConfig,
  menus: (() => Promise<readonly RichMenuContent[]>) | undefined,
): LineRichMenuParts | undefined {
  if (!config.lineEnabled || !config.RICH_MENUS || !menus) return undefined;
  return {
    api: lineRichMenuApi({
      channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN ?? '',
      apiBaseUrl: config.LINE_API_BASE_URL,
      dataApiBaseUrl: config.LINE_DATA_API_BASE_URL,
      timeoutMs: config.OUTBOX_SEND_TIMEOUT_MS,
    }),
    menus,
  };
}
