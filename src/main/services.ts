// The services both runtimes share (part of ./compose.ts): one Database in, the app's services out.
import { AdminAccess, sqlAdminAccessStore } from '../admin/index.js';
import type { MulticastSender } from '../broadcasts/index.js';
import { BroadcastService, sqlBroadcastStore } from '../broadcasts/index.js';
import type { RichMenus } from '../channels/line/rich-menu/index.js';
import { CheckinService, sqlCheckinStore } from '../checkin/index.js';
import type { ChatService, ProfileSource, QrLinks } from '../conversation/index.js';
import { CouponService, sqlCouponStore } from '../coupons/index.js';
import { EarnService, sqlEarnStore } from '../earn/index.js';
import { GiveawayService, sqlGiveawayStore } from '../giveaways/index.js';
import { InboxProcessor, type InboxStore, type ReplySender, sqlInboxStore } from '../inbox/index.js';
import type { Channel } from '../kernel/channel.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { sqlReserveSlot } from '../kernel/db/rate-limit-sql.js';
import { randomIds } from '../kernel/ids.js';
import type { Logger } from '../kernel/logger.js';
import { SharedRateLimiter } from '../kernel/rate-limit.js';
import { Ledger, ScheduledJobs, sqlLedgerStore, sqlReminderStore } from '../ledger/index.js';
import { WelcomeBonusService } from '../members/index.js';
import { type SettingsStore, sqlSettingsStore } from '../settings/index.js';
import { StoreDirectory, StoreKeyService, sqlDirectoryStore, sqlStoreKeyStore } from '../stores/index.js';
import { type ChatParts, composeChat } from './chat.js';
import { type Commerce, commerceServices } from './commerce.js';
import type { AppConfig } from './config.js';
import { type LineRichMenuParts, richMenuServices } from './rich-menu-services.js';

export interface Services {
  readonly config: AppConfig;
  readonly db: Database;
  readonly clock: Clock;
  readonly ledger: Ledger;
  readonly checkin: CheckinService;
  readonly giveaways: GiveawayService;
  readonly coupons: CouponService;
  /** Store (POS) keys. */
  readonly stores: StoreKeyService;
  /** Brands and store definitions. */
  readonly directory: StoreDirectory;
  /** Earn rules, multipliers, the preview and the "how to earn" guide. */
  readonly earn: EarnService;
  /** Holds, purchases, refunds and the checkout offset (./commerce.ts). */
  readonly commerce: Commerce;
  /** The program's key/value settings. */
  readonly settings: SettingsStore;
  readonly welcomeBonus: WelcomeBonusService;
  readonly chat: ChatService;
  readonly inbox: InboxProcessor;
  readonly jobs: ScheduledJobs;
  readonly broadcasts: BroadcastService;
  /** Admin tokens and the audit log. */
  readonly adminAccess: AdminAccess;
  /** LINE rich menus (absent when LINE or its menus are off). */
  readonly richMenus?: RichMenus;
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
  /** LINE's rich menu calls and the menus to have there (LINE on). */
  readonly lineRichMenus?: LineRichMenuParts;
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
  const { settings, checkin, giveaways, coupons, stores, directory, earn, welcomeBonus } = programServices(
    o,
    ledger,
    inboxStore,
  );
  const chatModules = { inbox: inboxStore, ledger, checkin, giveaways, coupons, earn, welcomeBonus };
  const { chat, inbox, richMenus } = chatServices(o, chatModules);
  const jobs = new ScheduledJobs({
    db: o.db,
    ledger,
    settings,
    reminders: sqlReminderStore(o.db),
    catalog: coupons,
    inboxStore,
    inbox,
    clock: o.clock,
    timeZone: o.config.PROGRAM_TIMEZONE,
    brand,
  });
  const broadcasts = broadcastService(o, inbox, giveaways, coupons);
  const adminAccess = new AdminAccess({ db: o.db, store: sqlAdminAccessStore(o.db), clock: o.clock, ids: randomIds });
  return {
    config: o.config,
    db: o.db,
    clock: o.clock,
    ledger,
    checkin,
    giveaways,
    coupons,
    stores,
    directory,
    earn,
    commerce: commerceServices({ ...o, ledger, earn, directory, settings, inboxStore }),
    settings,
    welcomeBonus,
    chat,
    inbox,
    jobs,
    broadcasts,
    adminAccess,
    ...(richMenus && { richMenus }),
    log: o.log,
  };
}

type ChatModules = Pick<ChatParts, 'inbox' | 'ledger' | 'checkin' | 'giveaways' | 'coupons' | 'earn' | 'welcomeBonus'>;

/**
 * The chat, with LINE's rich menus when they are on (./rich-menu-services.ts: the service, and the member hooks that
 * queue a link in a registration's batch), and the inbox that runs its turns.
 */
function chatServices(o: ComposeOptions, modules: ChatModules) {
  const rich = richMenuServices(o);
  const chat = composeChat({ ...o, ...rich, ...modules });
  const inbox = new InboxProcessor({
    db: o.db,
    inbox: modules.inbox,
    chat,
    clock: o.clock,
    senders: o.senders,
    log: o.log,
    ...pipelineSettings(o.config),
  });
  return { chat, inbox, richMenus: rich.richMenus };
}

/** Retries, concurrency and timeouts of turn processing and reply delivery (config.ts, README). */
function pipelineSettings(c: AppConfig) {
  const backoff = { firstMs: c.RETRY_BACKOFF_MS, maxMs: Math.max(c.RETRY_BACKOFF_MS, c.RETRY_BACKOFF_MAX_MS) };
  return {
    turns: { maxAttempts: c.INBOX_MAX_ATTEMPTS, backoff },
    delivery: {
      concurrency: c.OUTBOX_CONCURRENCY,
      sendTimeoutMs: c.OUTBOX_SEND_TIMEOUT_MS,
      retryBudgetMs: c.OUTBOX_RETRY_BUDGET_MS,
      backoff,
    },
  };
}

/** The program's capabilities: check-in, giveaways, the coupon mall, stores, earn rules, the welcome bonus. */
function programServices(o: ComposeOptions, ledger: Ledger, outbox: InboxStore) {
  const { db, clock } = o;
  const timeZone = o.config.PROGRAM_TIMEZONE;
  const settings = sqlSettingsStore(db);
  const directory = new StoreDirectory({ db, store: sqlDirectoryStore(db), clock });
  return {
    settings,
    checkin: new CheckinService({ db, store: sqlCheckinStore(db), settings, ledger, clock, timeZone }),
    giveaways: new GiveawayService({ db, store: sqlGiveawayStore(db), ledger, clock, timeZone }),
    coupons: new CouponService({ db, store: sqlCouponStore(db), ledger, clock, timeZone, outbox }),
    stores: new StoreKeyService({ db, store: sqlStoreKeyStore(db), clock, ids: randomIds }),
    directory,
    earn: new EarnService({ db, store: sqlEarnStore(db), places: directory, clock, timeZone }),
    welcomeBonus: new WelcomeBonusService({ db, settings, ledger, clock }),
  };
}

/** Broadcasts, sharing LINE's multicast limit through the database. */
function broadcastService(
  o: ComposeOptions,
  inbox: InboxProcessor,
  giveaways: GiveawayService,
  coupons: CouponService,
): BroadcastService {
  return new BroadcastService({
    // A broadcast's buttons must name a live giveaway or catalogue item.
    references: { giveaway: (code) => giveaways.giveaway(code), item: (code) => coupons.item(code) },
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
    deliverOutbox: o.deliversOutbox === false ? async () => {} : () => inbox.deliverDue(),
    settings: {
      frequencyCap: o.config.BROADCAST_FREQUENCY_CAP,
      concurrency: o.config.BROADCAST_CONCURRENCY,
      maxAttempts: o.config.BROADCAST_MAX_ATTEMPTS,
      backoffMs: o.config.BROADCAST_BACKOFF_MS,
      unitsPerRun: o.config.BROADCAST_UNITS_PER_RUN,
    },
  });
}
