import { sqlEngagementStore } from '../../src/engagement/db/engagement-sql.js';
import { EngagementService } from '../../src/engagement/service.js';
import type { Database } from '../../src/kernel/database.js';
import { randomIds } from '../../src/kernel/ids.js';
import { localDate } from '../../src/kernel/time.js';
import { sqlChatStore } from '../../src/members/db/members-sql.js';
import { type LedgerFixture, ledgerFixture, TZ } from './ledger-fixture.js';

export interface EngagementFixture extends LedgerFixture {
  engagement: EngagementService;
  /** Registers members directly (no chat), registered on the clock's local date. */
  addMembers(ids: string[]): Promise<void>;
}

export async function engagementFixture(db: Database): Promise<EngagementFixture> {
  const base = await ledgerFixture(db);
  const engagement = new EngagementService({
    db,
    store: sqlEngagementStore(db),
    ledger: base.ledger,
    clock: base.clock,
    ids: randomIds,
    timeZone: TZ,
  });
  const chat = sqlChatStore(db);
  return {
    ...base,
    engagement,
    async addMembers(ids) {
      const now = base.clock.now();
      for (let i = 0; i < ids.length; i += 100) {
        const r = await db.batch(
          ids.slice(i, i + 100).map((id, j) =>
            chat.insertMember({
              id,
              memberCode: String(1_000_000_000 + i + j),
              name: `Member ${id}`,
              phoneE164: '+886912345678',
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
