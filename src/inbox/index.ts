// What other modules may use of inbox.
export { inboxJobs } from './jobs.js';
export type { ReplySender, SendOutcome } from './service.js';
export { InboxProcessor } from './service.js';
export type { InboxItem, InboxStore, OutboxItem } from './store.js';
