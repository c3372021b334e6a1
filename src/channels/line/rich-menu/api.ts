// LINE's rich menu calls through @line/bot-sdk: the Messaging API on LINE_API_BASE_URL, the image upload on the
// data host (LINE_DATA_API_BASE_URL, https://api-data.line.me by default). Refusals become RichMenuApiError with
// the status and Retry-After, for the service to retry or give up.
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { describe, retryAfterMs, withTimeout } from '../sender.js';
import type { LineRichMenu } from './domain/menu.js';
import { type RichMenuApi, RichMenuApiError } from './service.js';

export interface RichMenuApiOptions {
  readonly channelAccessToken: string;
  readonly apiBaseUrl: string;
  readonly dataApiBaseUrl: string;
  readonly timeoutMs?: number;
}

export function lineRichMenuApi(o: RichMenuApiOptions): RichMenuApi {
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: o.channelAccessToken,
    baseURL: o.apiBaseUrl,
  });
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: o.channelAccessToken,
    baseURL: o.dataApiBaseUrl,
  });
  const call = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(work(), o.timeoutMs ?? 30_000);
    } catch (error) {
      const d = describe(error);
      const after = error instanceof HTTPFetchError ? retryAfterMs(error) : undefined;
      throw new RichMenuApiError(`${what}: ${d.error}`, d.status, after, { cause: error });
    }
  };
  return {
    create: async (menu: LineRichMenu) =>
      (await call('create rich menu', () => api.createRichMenu(menu as messagingApi.RichMenuRequest))).richMenuId,
    upload: async (id, png) => {
      await call('upload rich menu image', () =>
        blob.setRichMenuImage(id, new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' })),
      );
    },
    setDefault: async (id) => {
      await call('set default rich menu', () => api.setDefaultRichMenu(id));
    },
    link: async (userId, id) => {
      await call('link rich menu', () => api.linkRichMenuIdToUser(userId, id));
    },
    unlink: async (userId) => {
      await call('unlink rich menu', () => api.unlinkRichMenuIdFromUser(userId));
    },
    bulkLink: async (id, userIds) => {
      await call('bulk link rich menu', () => api.linkRichMenuIdToUsers({ richMenuId: id, userIds: [...userIds] }));
    },
  };
}
