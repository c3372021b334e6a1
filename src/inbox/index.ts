// What other modules may use of inbox.

export { CONVERSATION_LIMIT, type ConversationEntry, type ConversationLog } from './conversation.js';
export { sqlConversationLog } from './db/conversation-sql.js';
export { sqlInboxStore } from './db/inbox-sql.js';
export type { DeliverySettings, ReplySender, SendOutcome } from './delivery.js';
export { type BackoffSettings, backoffMs, parseRetryAfter } from './domain/backoff.js';
export { inboxJobs, type RetentionJob } from './jobs.js';
export type { RetentionRun } from './retention.js';
export { InboxProcessor, type TurnSettings } from './service.js';
export type { DueOutboxItem, InboxItem, InboxStore, OutboxItem } from './store.js';
