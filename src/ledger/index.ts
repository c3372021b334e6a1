// What other modules may use of the ledger.

export { ledgerChat } from './chat.js';
export { memberBalances } from './chat-balances.js';
export { sqlHoldStore } from './db/holds-sql.js';
export { sqlLedgerStore } from './db/ledger-sql.js';
export { sqlReminderStore } from './db/reminders-sql.js';
export {
  HOLD_REFUSALS,
  type HoldRecord,
  type HoldRefusal,
  type HoldRefusalCode,
  holdStatusAt,
  MAX_HOLD_SECONDS,
} from './domain/hold.js';
export type { HoldStore } from './hold-store.js';
export {
  type CaptureHold,
  type HoldOutcome,
  Holds,
  type HoldsDeps,
  holdJobs,
  type PlaceHold,
  type PreparedCapture,
} from './holds.js';
export { ledgerAdminRoutes } from './http.js';
export { ledgerJobs, ScheduledJobs } from './jobs.js';
export type { LedgerOptions, MoveCommand, PreparedMove, TransferOutcome } from './service.js';
export { Ledger } from './service.js';
export type { DueReminder, ExpiringLot, HistoryEntry, ReminderStore, WalletBalance } from './store.js';
