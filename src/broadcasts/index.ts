// What other modules may use of broadcasts.
export { sqlBroadcastStore } from './db/broadcast-sql.js';
export { broadcastApi } from './http.js';
export { broadcastJobs } from './jobs.js';
export type { MulticastOutcome, MulticastSender } from './multicast.js';
export { BroadcastService } from './service.js';
export type { Progress } from './store.js';
