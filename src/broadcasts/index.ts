// What other modules may use of broadcasts.

export type { ContentReferences } from './content-check.js';
export { sqlBroadcastStore } from './db/broadcast-sql.js';
export { type BroadcastPreviewRenderer, broadcastApi } from './http.js';
export { broadcastJobs } from './jobs.js';
export type { MulticastOutcome, MulticastSender } from './multicast.js';
export { BroadcastService } from './service.js';
export type { Progress } from './store.js';
