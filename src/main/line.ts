import { createLineChannel, type LineChannel } from '../channels/line/channel.js';
import { loadFlexTemplates } from '../channels/line/flex/load-templates.js';
import { renderLineMessages } from '../channels/line/flex/render.js';
import type { Logger } from '../kernel/logger.js';
import type { AppConfig } from './config.js';

/** The LINE channel as configured, rendering with the Flex templates of FLEX_TEMPLATES_DIR (Node: server and CLI). */
export function configuredLineChannel(config: AppConfig, log: Logger): LineChannel {
  const flex = loadFlexTemplates(config.FLEX_TEMPLATES_DIR, {
    brandName: config.BRAND_NAME,
    onError: (error, reply) => log.warn({ err: error, kind: reply.kind }, 'line: Flex reply sent as plain text'),
  });
  return createLineChannel({
    channelSecret: config.LINE_CHANNEL_SECRET ?? '',
    channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN ?? '',
    apiBaseUrl: config.LINE_API_BASE_URL,
    dataApiBaseUrl: config.LINE_DATA_API_BASE_URL,
    log,
    render: (replies) => renderLineMessages(replies, flex),
  });
}
