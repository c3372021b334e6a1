import { CheckinService, sqlCheckinStore } from '../../src/checkin/index.js';
import { CouponService, sqlCouponStore } from '../../src/coupons/index.js';
import { GiveawayService, sqlGiveawayStore } from '../../src/giveaways/index.js';
import type { Database } from '../../src/kernel/database.js';
import { randomIds } from '../../src/kernel/ids.js';
import { localDate } from '../../src/kernel/time.js';
import { sqlChatStore } from '../../src/members/db/members-sql.js';
import { sqlSettingsStore } from '../../src/settings/index.js';
import { StoreKeyService, sqlStoreKeyStore } from '../../src/stores/index.js';
import { type LedgerFixture, ledgerFixture, TZ } from './ledger-fixture.js';

export interface EngagementFixture extends LedgerFixture {
  checkin: CheckinService;
  giveaways: GiveawayService;
  coupons: CouponService;
  stores: StoreKeyService;
  /** Registers members directly (no chat), registered on the clock's local date. */
  addMembers(ids: string[]): Promise<void>;
}

export async function engagementFixture(db: Database): Promise<EngagementFixture> {
  const base = await ledgerFixture(db);
  const deps = { db, ledger: base.ledger, clock: base.clock, timeZone: TZ };
  const checkin = new CheckinService({ ...deps, store: sqlCheckinStore(db), settings: sqlSettingsStore(db) });
  const giveaways = new GiveawayService({ ...deps, store: sqlGiveawayStore(db) });
  const coupons = new CouponService({ ...deps, store: sqlCouponStore(db) });
  const stores = new StoreKeyService({ db, store: sqlStoreKeyStore(db), clock: base.clock, ids: randomIds });
  const chat = sqlChatStore(db);
  let phones = 0;
  return {
    ...base,
    checkin,
    giveaways,
    coupons,
    stores,
    async addMembers(ids) {
      const now = base.clock.now();
      for (let i = 0; i < ids.length; i += 100) {
        const r = await db.batch(
          ids.slice(i, i + 100).map((id, j) =>
            chat.insertMember({
              id,
              memberCode: String(1_000_000_000 + i + j),
              name: `Member ${id}`,
              // One member per number (members_phone): a distinct mobile number each.
              phoneE164: `+8869${String(++phones).padStart(8, '0')}`,
              birthday: null,
              language: 'en',
              registeredAt: now,
              registeredLocalDate: localDate(now, TZ),
              consentVersion: 'test',
              consentAt: now,
            }),
          ),
        );
        if (!r.ok) throw new Error('members refused');
      }
    },
  };
}
