// Wiring shared by both composition roots (node.ts and worker.ts): one Database in, the app's services out.
import { sqlAdminAccessStore } from '../admin/db/admin-sql.js';
import { AdminAccess } from '../admin/service.js';
import { sqlBroadcastStore } from '../broadcasts/db/broadcast-sql.js';
import { BroadcastService, type MulticastSender } from '../broadcasts/service.js';
import type { ProfileSource, QrLinks } from '../conversation/ports.js';
import { ChatService } from '../conversation/turn.js';
import { sqlEngagementStore } from '../engagement/db/engagement-sql.js';
import { EngagementService } from '../engagement/service.js';
import { InboxProcessor, type ReplySender } from '../inbox/service.js';
import type { Channel } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { sqlReserveSlot } from '../kernel/db/rate-limit-sql.js';
import { randomIds } from '../kernel/ids.js';
import type { Logger } from '../kernel/logger.js';
import { SharedRateLimiter } from '../kernel/rate-limit.js';
import { sqlLedgerStore } from '../ledger/db/ledger-sql.js';
import { ScheduledJobs } from '../ledger/jobs.js';
import { Ledger } from '../ledger/service.js';
import { sqlChatStore, sqlInboxStore } from '../members/db/members-sql.js';
import type { AppConfig } from './config.js';

export interface Services {
  readonly config: AppConfig;
  readonly db: Database;
  readonly clock: Clock;
  readonly ledger: Ledger;
  readonly engagement: EngagementService;
  readonly chat: ChatService;
  readonly inbox: InboxProcessor;
  readonly jobs: ScheduledJobs;
  readonly broadcasts: BroadcastService;
  /** Admin tokens and the audit log. */
  readonly adminAccess: AdminAccess;
  readonly log: Logger;
}

export interface ComposeOptions {
  readonly config: AppConfig;
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly qr: QrLinks;
  readonly senders: Partial<Record<Channel, ReplySender>>;
  readonly profiles: Partial<Record<Channel, ProfileSource>>;
  /** LINE multicast for broadcasts (absent when LINE is off). */
  readonly lineMulticast?: MulticastSender;
  /**
   * False for a process that must not deliver the outbox (the CLI beside a running server: two delivery passes
   * could answer one reply token twice); the server delivers what broadcasts put there.
   */
  readonly deliversOutbox?: boolean;
}

export function composeServices(o: ComposeOptions): Services {
  const ledger = new Ledger({
    db: o.db,
    store: sqlLedgerStore(o.db),
    clock: o.clock,
    timeZone: o.config.PROGRAM_TIMEZONE,
  });
  const inboxStore = sqlInboxStore(o.db);
  const brand = { name: o.config.BRAND_NAME, termsUrl: o.config.TERMS_URL, privacyUrl: o.config.PRIVACY_URL };
  const engagementStore = sqlEngagementStore(o.db);
  const engagement = new EngagementService({
    db: o.db,
    store: engagementStore,
    ledger,
    clock: o.clock,
    ids: randomIds,
    timeZone: o.config.PROGRAM_TIMEZONE,
  });
  const chat = new ChatService({
    db: o.db,
    chat: sqlChatStore(o.db),
    inbox: inboxStore,
    ledger,
    engagement,
    clock: o.clock,
    ids: randomIds,
    qr: o.qr,
    profiles: o.profiles,
    config: {
      timeZone: o.config.PROGRAM_TIMEZONE,
      defaultLanguage: o.config.DEFAULT_LANGUAGE,
      brand,
      consentVersion: o.config.CONSENT_VERSION,
    },
  });
  const inbox = new InboxProcessor({
    db: o.db,
    inbox: inboxStore,
    chat,
    clock: o.clock,
    senders: o.senders,
    log: o.log,
  });
  const jobs = new ScheduledJobs({
    db: o.db,
    ledger,
    engagement,
    store: engagementStore,
    inboxStore,
    inbox,
    clock: o.clock,
    timeZone: o.config.PROGRAM_TIMEZONE,
    brand,
  });
  const broadcasts = new BroadcastService({
    db: o.db,
    store: sqlBroadcastStore(o.db),
    clock: o.clock,
    ids: randomIds,
    log: o.log,
    ...(o.lineMulticast && { line: o.lineMulticast }),
    // Kept in the database: the server, a CLI sender and overlapping cron runs share LINE's limit.
    limiter: new SharedRateLimiter({
      name: 'line_multicast',
      perSecond: o.config.BROADCAST_LINE_RPS,
      reserve: sqlReserveSlot(o.db),
    }),
    deliverOutbox: o.deliversOutbox === false ? async () => {} : () => inbox.deliverPending(),
    settings: {
      frequencyCap: o.config.BROADCAST_FREQUENCY_CAP,
      concurrency: o.config.BROADCAST_CONCURRENCY,
      maxAttempts: o.config.BROADCAST_MAX_ATTEMPTS,
      backoffMs: o.config.BROADCAST_BACKOFF_MS,
      unitsPerRun: o.config.BROADCAST_UNITS_PER_RUN,
    },
  });
  const adminAccess = new AdminAccess({ db: o.db, store: sqlAdminAccessStore(o.db), clock: o.clock, ids: randomIds });
  return {
    config: o.config,
    db: o.db,
    clock: o.clock,
    ledger,
    engagement,
    chat,
    inbox,
    jobs,
    broadcasts,
    adminAccess,
    log: o.log,
  };
}
