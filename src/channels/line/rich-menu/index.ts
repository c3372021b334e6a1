// LINE rich menus: what the rest of the app may use.

export { sqlRichMenuStore } from '../db/rich-menu-sql.js';
export {
  checkImage,
  type LineRichMenu,
  lineRichMenu,
  parseRichMenu,
  pngSize,
  RICH_MENU_KINDS,
  RICH_MENU_LIMITS,
  type RichMenuContent,
  type RichMenuDefinition,
  type RichMenuKind,
  richMenuContent,
} from './domain/menu.js';
export { type RichMenuTheme, richMenuSvg } from './domain/svg.js';
export { richMenuJobs } from './jobs.js';
export {
  BULK_LINK_MAX_USERS,
  type RichMenuApi,
  RichMenuApiError,
  RichMenus,
  type SyncOutcome,
} from './service.js';
export type { RichMenuStore } from './store.js';
