import type { CatalogItem } from '../../coupons/domain/catalog.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { LotLifetime } from '../../ledger/domain/point-type.js';
import type { CouponRecord, EngagementStore, GiveawayView } from '../store.js';

interface GiveawayRow {
  code: string;
  title_zh_tw: string;
  title_en: string;
  starts_at: number;
  ends_at: number;
  point_type: string;
  per_claim: number;
  budget: number;
  daily_limit: number;
  total_limit: number;
  lifetime: string | null;
  registered_from: string | null;
  registered_to: string | null;
  budget_left: number | null;
}

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

interface ItemRow {
  code: string;
  kind: 'voucher' | 'donation';
  name_zh_tw: string;
  name_en: string;
  description_zh_tw: string;
  description_en: string;
  image_url: string | null;
  point_type: string;
  cost: number;
  stock_remaining: number | null;
  per_member_limit: number | null;
  limit_period: 'day' | 'month' | 'all';
  valid_from: number | null;
  valid_to: number | null;
  valid_days: number | null;
  store_scope: string | null;
  active_from: number | null;
  active_to: number | null;
  sort_order: number;
}

const toItem = (r: ItemRow): CatalogItem => ({
  code: r.code,
  kind: r.kind,
  names: { 'zh-TW': r.name_zh_tw, en: r.name_en },
  descriptions: { 'zh-TW': r.description_zh_tw, en: r.description_en },
  imageUrl: r.image_url,
  pointType: r.point_type,
  cost: r.cost,
  stock: r.stock_remaining,
  stockRemaining: r.stock_remaining,
  perMemberLimit: r.per_member_limit,
  limitPeriod: r.limit_period,
  validity:
    r.valid_days !== null
      ? { kind: 'days', days: r.valid_days }
      : { kind: 'fixed', from: r.valid_from, to: r.valid_to ?? 0 },
  storeScope: r.store_scope,
  activeFrom: r.active_from,
  activeTo: r.active_to,
  sortOrder: r.sort_order,
});

interface CouponRow {
  code: string;
  item_code: string;
  member_id: string;
  status: CouponRecord['status'];
  issued_at: number;
  valid_until: number | null;
  store_scope: string | null;
  used_at: number | null;
  used_store: string | null;
  used_request_key: string | null;
  transfer_key: string;
}

const toCoupon = (r: CouponRow): CouponRecord => ({
  code: r.code,
  itemCode: r.item_code,
  memberId: r.member_id,
  status: r.status,
  issuedAt: r.issued_at,
  validUntil: r.valid_until,
  storeScope: r.store_scope,
  usedAt: r.used_at,
  usedStore: r.used_store,
  usedRequestKey: r.used_request_key,
  transferKey: r.transfer_key,
});

export function sqlEngagementStore(db: Database): EngagementStore {
  return {
    async setting(key) {
      const r = await db.first<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
      return r ? (JSON.parse(r.value) as unknown) : undefined;
    },
    putSetting(key, value, now) {
      return stmt(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        key,
        JSON.stringify(value),
        now,
      );
    },

    async lastCheckin(memberId) {
      const r = await db.first<{ local_date: string; streak: number }>(
        'SELECT local_date, streak FROM checkins WHERE member_id = ? ORDER BY local_date DESC LIMIT 1',
        [memberId],
      );
      return r && { localDate: r.local_date, streak: r.streak };
    },
    async checkinDates(memberId, fromDate) {
      const rows = await db.all<{ local_date: string }>(
        'SELECT local_date FROM checkins WHERE member_id = ? AND local_date >= ? ORDER BY local_date',
        [memberId, fromDate],
      );
      return rows.map((r) => r.local_date);
    },
    insertCheckin(memberId, localDate, streak, now) {
      return stmt(
        'INSERT INTO checkins (member_id, local_date, streak, created_at) VALUES (?, ?, ?, ?)',
        memberId,
        localDate,
        streak,
        now,
      );
    },

    upsertGiveaway(g, now) {
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
    },
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

    upsertItem(item, now) {
      const days = item.validity.kind === 'days' ? item.validity.days : null;
      const from = item.validity.kind === 'fixed' ? item.validity.from : null;
      const to = item.validity.kind === 'fixed' ? item.validity.to : null;
      return stmt(
        `INSERT INTO catalog_items (code, kind, name_zh_tw, name_en, description_zh_tw, description_en, image_url,
           point_type, cost, stock_remaining, per_member_limit, limit_period, valid_from, valid_to, valid_days,
           store_scope, active_from, active_to, sort_order, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name_zh_tw = excluded.name_zh_tw, name_en = excluded.name_en,
           description_zh_tw = excluded.description_zh_tw, description_en = excluded.description_en,
           image_url = excluded.image_url, cost = excluded.cost, stock_remaining = excluded.stock_remaining,
           per_member_limit = excluded.per_member_limit, limit_period = excluded.limit_period,
           valid_from = excluded.valid_from, valid_to = excluded.valid_to, valid_days = excluded.valid_days,
           store_scope = excluded.store_scope, active_from = excluded.active_from, active_to = excluded.active_to,
           sort_order = excluded.sort_order`,
        item.code,
        item.kind,
        item.names['zh-TW'],
        item.names.en,
        item.descriptions['zh-TW'],
        item.descriptions.en,
        item.imageUrl,
        item.pointType,
        item.cost,
        item.stock,
        item.perMemberLimit,
        item.limitPeriod,
        from,
        to,
        days,
        item.storeScope,
        item.activeFrom,
        item.activeTo,
        item.sortOrder,
        now,
      );
    },
    async item(code) {
      const r = await db.first<ItemRow>('SELECT * FROM catalog_items WHERE code = ?', [code]);
      return r && toItem(r);
    },
    async activeItems(now) {
      const rows = await db.all<ItemRow>(
        `SELECT * FROM catalog_items WHERE (active_from IS NULL OR active_from <= ?) AND (active_to IS NULL OR active_to > ?)
         ORDER BY sort_order, cost, code`,
        [now, now],
      );
      return rows.map(toItem);
    },
    takeStock(itemCode) {
      return stmt(
        'UPDATE catalog_items SET stock_remaining = stock_remaining - 1 WHERE code = ? AND stock_remaining IS NOT NULL',
        itemCode,
      );
    },
    returnStock(itemCode) {
      return stmt(
        'UPDATE catalog_items SET stock_remaining = stock_remaining + 1 WHERE code = ? AND stock_remaining IS NOT NULL',
        itemCode,
      );
    },
    insertCoupon(c) {
      return stmt(
        `INSERT INTO coupons (code, item_code, member_id, transfer_key, limit_period, status, issued_at, valid_until, store_scope)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        c.code,
        c.itemCode,
        c.memberId,
        c.transferKey,
        c.limitPeriod,
        c.status,
        c.issuedAt,
        c.validUntil,
        c.storeScope,
      );
    },
    async coupon(code) {
      const r = await db.first<CouponRow>('SELECT * FROM coupons WHERE code = ?', [code]);
      return r && toCoupon(r);
    },
    async couponByTransferKey(key) {
      const r = await db.first<CouponRow>('SELECT * FROM coupons WHERE transfer_key = ?', [key]);
      return r && toCoupon(r);
    },
    async memberCoupons(memberId, limit) {
      const rows = await db.all<CouponRow>(
        "SELECT * FROM coupons WHERE member_id = ? AND status <> 'donated' ORDER BY issued_at DESC LIMIT ?",
        [memberId, limit],
      );
      return rows.map(toCoupon);
    },
    useCoupon(c) {
      return stmt(
        `UPDATE coupons SET status = 'used', used_at = ?, used_store = ?, used_request_key = ?
         WHERE code = ? AND status = 'active' AND (valid_until IS NULL OR valid_until > ?)
           AND (store_scope IS NULL OR store_scope = ?)
         RETURNING code`,
        c.now,
        c.store,
        c.requestKey,
        c.code,
        c.now,
        c.store,
      );
    },
    cancelCoupon(code, now) {
      return stmt("UPDATE coupons SET status = 'cancelled', cancelled_at = ? WHERE code = ?", now, code);
    },

    async dueReminders(from, to, limit) {
      // One reachable identity per member: the one seen most recently.
      return db.all(
        `SELECT a.owner AS memberId, a.point_type AS pointType, l.expires_at AS expiresAt, SUM(l.remaining) AS amount,
           m.language AS language, i.channel AS channel, i.user_id AS userId
         FROM lots l JOIN accounts a ON a.id = l.account_id AND a.kind = 'wallet'
         JOIN members m ON m.id = a.owner
         JOIN identities i ON i.rowid = (SELECT i2.rowid FROM identities i2 WHERE i2.member_id = m.id AND i2.reachable = 1
                                          ORDER BY i2.last_seen_at DESC LIMIT 1)
         WHERE l.remaining > 0 AND l.expires_at > ? AND l.expires_at <= ?
           AND NOT EXISTS (SELECT 1 FROM expiry_reminders r WHERE r.member_id = a.owner AND r.point_type = a.point_type
                           AND r.expires_at = l.expires_at)
         GROUP BY a.owner, a.point_type, l.expires_at
         ORDER BY l.expires_at LIMIT ?`,
        [from, to, limit],
      );
    },
    insertReminder(r, now) {
      return stmt(
        'INSERT INTO expiry_reminders (member_id, point_type, expires_at, amount, created_at) VALUES (?, ?, ?, ?, ?)',
        r.memberId,
        r.pointType,
        r.expiresAt,
        r.amount,
        now,
      );
    },

    upsertStore(code, name, now) {
      return stmt(
        'INSERT INTO stores (code, name, created_at) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name',
        code,
        name,
        now,
      );
    },
    insertStoreKey(id, storeCode, keyHash, now) {
      return stmt(
        'INSERT INTO store_keys (id, store_code, key_hash, created_at) VALUES (?, ?, ?, ?)',
        id,
        storeCode,
        keyHash,
        now,
      );
    },
    async storeByKeyHash(hash) {
      const r = await db.first<{ store_code: string; name: string }>(
        `SELECT k.store_code, s.name FROM store_keys k JOIN stores s ON s.code = k.store_code
         WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
        [hash],
      );
      return r && { storeCode: r.store_code, storeName: r.name };
    },
  };
}
