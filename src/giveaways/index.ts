// Flash giveaways: what other modules may use (its domain/ may be imported directly).

export { giveawaysChat } from './chat.js';
export { sqlGiveawayStore } from './db/giveaways-sql.js';
export { giveawayAdminRoutes } from './http.js';
export { type ClaimCode, type ClaimResult, type GiveawayDeps, GiveawayService } from './service.js';
export type { GiveawayStore, GiveawayView, NewClaim } from './store.js';
