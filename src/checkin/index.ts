// The daily check-in: what other modules may use (its domain/ may be imported directly).

export { checkinChat } from './chat.js';
export { sqlCheckinStore } from './db/checkin-sql.js';
export { checkinAdminRoutes } from './http.js';
export { type CheckinDeps, type CheckinResult, CheckinService } from './service.js';
export type { CheckinStore } from './store.js';
