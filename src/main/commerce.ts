// The services of commerce at the till (part of ./services.ts): the ledger's holds, purchases and refunds, and the
// checkout offset, on the ledger, earn rules, stores, settings and the outbox the rest of the app shares.
import type { EarnService } from '../earn/index.js';
import type { InboxStore } from '../inbox/index.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { DAY_MS } from '../kernel/time.js';
import { Holds, type Ledger, sqlHoldStore } from '../ledger/index.js';
import {
  CheckoutService,
  MemberResolver,
  PurchaseService,
  RefundService,
  sqlPurchaseStore,
} from '../purchases/index.js';
import type { SettingsStore } from '../settings/index.js';
import type { StoreDirectory } from '../stores/index.js';
import type { AppConfig } from './config.js';

export interface Commerce {
  readonly holds: Holds;
  readonly purchases: PurchaseService;
  readonly refunds: RefundService;
  readonly checkout: CheckoutService;
}

export function commerceServices(o: {
  readonly config: AppConfig;
  readonly db: Database;
  readonly clock: Clock;
  readonly ledger: Ledger;
  readonly earn: EarnService;
  readonly directory: StoreDirectory;
  readonly settings: SettingsStore;
  readonly inboxStore: InboxStore;
}): Commerce {
  const { db, clock, ledger } = o;
  const holds = new Holds({ db, store: sqlHoldStore(db), ledger, clock });
  const store = sqlPurchaseStore(db);
  const members = new MemberResolver({
    store,
    clock,
    tokenSecret: o.config.memberTokenSecret,
    phoneStores: o.config.PURCHASE_PHONE_STORES,
  });
  const shared = { db, store, ledger, holds, places: o.directory, inbox: o.inboxStore, clock };
  return {
    holds,
    purchases: new PurchaseService({
      ...shared,
      earn: o.earn,
      members,
      lateMs: o.config.PURCHASE_LATE_DAYS * DAY_MS,
    }),
    refunds: new RefundService(shared),
    checkout: new CheckoutService({ db, ledger, holds, settings: o.settings, members, places: o.directory, clock }),
  };
}
