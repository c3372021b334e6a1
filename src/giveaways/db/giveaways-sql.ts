import type { RowOf } from '../../db/row.js';
import { type BatchRefusal, type Database, type Statement, stmt } from '../../kernel/database.js';
import type { LotLifetime } from '../../ledger/domain/point-type.js';
import { sqlHoldStore } from '../../ledger/index.js';
import { type ClaimRefusalCode, type Giveaway, isClaimRefusal } from '../domain/giveaway.js';
import type { GiveawayStore, GiveawayView } from '../store.js';
import type { giveaways } from './schema.js';

/** A giveaway with what is left of its budget (GIVEAWAY_SELECT). */
type GiveawayRow = RowOf<typeof giveaways> & { budget_left: number | null };

const toGiveaway = (r: GiveawayRow): GiveawayView => ({
  code: r.code,
  titles: { 'zh-TW': r.title_zh_tw, en: r.title_en },
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  pointType: r.point_type,
  perClaim: r.per_claim,
  budget: r.budget,
  dailyLimit: r.daily_limit,
  totalLimit: r.total_limit,
  lifetime: r.lifetime ? (JSON.parse(r.lifetime) as LotLifetime) : null,
  audience: { registeredFrom: r.registered_from, registeredTo: r.registered_to },
  budgetLeft: r.budget_left ?? 0,
});

const GIVEAWAY_SELECT = `SELECT g.*, a.balance AS budget_left FROM giveaways g
  LEFT JOIN accounts a ON a.kind = 'campaign_budget' AND a.owner = g.code AND a.point_type = g.point_type`;

const uniqueOn = (e: BatchRefusal, prefix: string) => e.kind === 'unique' && e.target.startsWith(prefix);

/** The claim trigger's codes (migrations/0004), the budget's CHECK, and the UNIQUE slots and transfer key. */
export function classifyClaimRefusal(e: BatchRefusal): ClaimRefusalCode | undefined {
  if (e.kind === 'refused' && isClaimRefusal(e.code)) return e.code;
  if (e.kind === 'refused' && (e.code === 'budget_exhausted' || e.code === 'insufficient_points')) return 'sold_out';
  // The same tap again, or a slot taken by a claim that committed first: a daily-limit answer either way.
  if (uniqueOn(e, 'giveaway_claims') || uniqueOn(e, 'transfers.idempotency_key')) return 'daily_limit_reached';
  return undefined;
}

/** Defines a giveaway, or changes what may change once it is funded (not its point type, claim or budget). */
function upsertGiveaway(g: Giveaway, now: number): Statement {
  return stmt(
    `INSERT INTO giveaways (code, title_zh_tw, title_en, starts_at, ends_at, point_type, per_claim, budget,
         daily_limit, total_limit, lifetime, registered_from, registered_to, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET title_zh_tw = excluded.title_zh_tw, title_en = excluded.title_en,
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, daily_limit = excluded.daily_limit,
         total_limit = excluded.total_limit, lifetime = excluded.lifetime,
         registered_from = excluded.registered_from, registered_to = excluded.registered_to`,
    g.code,
    g.titles['zh-TW'],
    g.titles.en,
    g.startsAt,
    g.endsAt,
    g.pointType,
    g.perClaim,
    g.budget,
    g.dailyLimit,
    g.totalLimit,
    g.lifetime ? JSON.stringify(g.lifetime) : null,
    g.audience.registeredFrom,
    g.audience.registeredTo,
    now,
  );
}

export function sqlGiveawayStore(db: Database): GiveawayStore {
  return {
    upsertGiveaway,
    async giveaway(code) {
      const r = await db.first<GiveawayRow>(`${GIVEAWAY_SELECT} WHERE g.code = ?`, [code]);
      return r && toGiveaway(r);
    },
    // printf's ',' flag groups thousands as toLocaleString('en-US') does in the replies' other numbers.
    budgetLeftText: (code, pointType) =>
      stmt(
        `COALESCE((SELECT printf('%,d', balance) FROM accounts
           WHERE kind = 'campaign_budget' AND owner = ? AND point_type = ?), '0')`,
        code,
        pointType,
      ),
    claimsLeftText: (code, pointType, perClaim) =>
      stmt(
        `COALESCE((SELECT printf('%,d', balance / ?) FROM accounts
           WHERE kind = 'campaign_budget' AND owner = ? AND point_type = ?), '0')`,
        perClaim,
        code,
        pointType,
      ),
    walletText: (memberId, pointType, now) => sqlHoldStore(db).spendableText(memberId, pointType, now),
    async memberClaims(memberId, localDate) {
      return db.all<{ code: string; today: number; total: number }>(
        `SELECT giveaway_code AS code, SUM(local_date = ?) AS today, COUNT(*) AS total
         FROM giveaway_claims WHERE member_id = ? GROUP BY giveaway_code`,
        [localDate, memberId],
      );
    },
    async liveGiveaways(now) {
      const rows = await db.all<GiveawayRow>(
        `${GIVEAWAY_SELECT} WHERE g.starts_at <= ? AND g.ends_at > ? ORDER BY g.ends_at, g.code`,
        [now, now],
      );
      return rows.map(toGiveaway);
    },
    insertClaim(c) {
      // The slots are counted inside the statement, so they reflect every claim committed before this batch.
      return stmt(
        `INSERT INTO giveaway_claims (giveaway_code, member_id, local_date, day_seq, total_seq, transfer_key, created_at)
         SELECT ?, ?, ?,
           (SELECT COUNT(*) + 1 FROM giveaway_claims WHERE giveaway_code = ? AND member_id = ? AND local_date = ?),
           (SELECT COUNT(*) + 1 FROM giveaway_claims WHERE giveaway_code = ? AND member_id = ?),
           ?, ?`,
        c.giveawayCode,
        c.memberId,
        c.localDate,
        c.giveawayCode,
        c.memberId,
        c.localDate,
        c.giveawayCode,
        c.memberId,
        c.transferKey,
        c.now,
      );
    },
    async claimsToday(giveawayCode, memberId, localDate) {
      const r = await db.first<{ n: number }>(
        'SELECT COUNT(*) AS n FROM giveaway_claims WHERE giveaway_code = ? AND member_id = ? AND local_date = ?',
        [giveawayCode, memberId, localDate],
      );
      return r?.n ?? 0;
    },
    classify: classifyClaimRefusal,
  };
}
