import { loadFlexTemplates } from '../channels/line/flex/load-templates.js';
import { renderLineMessages } from '../channels/line/flex/render.js';
import type { LineRenderer } from '../channels/line/text-render.js';
import type { Logger } from '../kernel/logger.js';
import type { AppConfig } from './config.js';

/**
 * Node only (server and CLI): LINE replies as Flex from the templates of FLEX_TEMPLATES_DIR, read from disk when
 * called. A broken template file stops start-up, naming the file.
 */
export function flexFromTemplatesDir(config: AppConfig, log: Logger): () => LineRenderer {
  return () => {
    const flex = loadFlexTemplates(config.FLEX_TEMPLATES_DIR, {
      brandName: config.BRAND_NAME,
      onError: (error, reply) => log.warn({ err: error, kind: reply.kind }, 'line: Flex reply sent as plain text'),
    });
    return (replies) => renderLineMessages(replies, flex);
  };
}
