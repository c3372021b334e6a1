import type { RowOf } from '../../db/row.js';
import { type BatchRefusal, type Database, type Statement, stmt } from '../../kernel/database.js';
import type { CatalogItem, RedeemRefusalCode } from '../domain/catalog.js';
import type { CouponRecord, CouponStore } from '../store.js';
import type { catalogItems, coupons } from './schema.js';
import { sqlTill } from './till-sql.js';

/** The columns the database types as text, narrowed to what the app writes there. */
type ItemRow = Omit<RowOf<typeof catalogItems>, 'kind' | 'limit_period'> & {
  kind: CatalogItem['kind'];
  limit_period: CatalogItem['limitPeriod'];
};

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

type CouponRow = Omit<RowOf<typeof coupons>, 'status'> & { status: CouponRecord['status'] };

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

const uniqueOn = (e: BatchRefusal, prefix: string) => e.kind === 'unique' && e.target.startsWith(prefix);
const REDEEM_CODES: readonly string[] = ['limit_reached', 'item_ended', 'item_not_started', 'unknown_item'];

/** The stock CHECK, the wallet's guard, the coupon trigger's codes (migrations/0004) and the UNIQUE keys. */
export function classifyRedeemRefusal(e: BatchRefusal): RedeemRefusalCode | undefined {
  if (e.kind === 'refused' && e.code === 'catalog_stock_nonneg') return 'out_of_stock';
  if (e.kind === 'refused' && e.code === 'insufficient_points') return 'insufficient_points';
  if (e.kind === 'refused' && REDEEM_CODES.includes(e.code)) return e.code as RedeemRefusalCode;
  if (uniqueOn(e, 'transfers.idempotency_key') || uniqueOn(e, 'coupons')) return 'limit_reached';
  return undefined;
}

/** The coupons_transitions trigger (not active any more), or the reversal's guard (reversed already). */
export function classifyCancelRefusal(e: BatchRefusal): 'coupon_not_active' | undefined {
  if (e.kind === 'refused' && (e.code === 'coupon_not_active' || e.code === 'already_reversed'))
    return 'coupon_not_active';
  return undefined;
}

/** Defines or changes an item; its stock is set to the given one. */
function upsertItem(item: CatalogItem, now: number): Statement {
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
}

export function sqlCouponStore(db: Database): CouponStore {
  return {
    ...sqlCatalog(db),
    ...sqlCoupons(db),
    ...sqlTill(db),
    classifyRedeem: classifyRedeemRefusal,
    classifyCancel: classifyCancelRefusal,
    classifyUse: (e) => (e.kind === 'refused' && e.code === 'coupon_not_active' ? 'coupon_not_active' : undefined),
  };
}

type CatalogPart = Pick<CouponStore, 'upsertItem' | 'item' | 'activeItems' | 'takeStock' | 'returnStock'>;

function sqlCatalog(db: Database): CatalogPart {
  return {
    upsertItem,
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
  };
}

type CouponsPart = Pick<
  CouponStore,
  'insertCoupon' | 'coupon' | 'couponByTransferKey' | 'memberCoupons' | 'redeemedIn' | 'useCoupon' | 'cancelCoupon'
>;

function sqlCoupons(db: Database): CouponsPart {
  return {
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
    async redeemedIn(memberId, periods) {
      if (periods.length === 0) return [];
      // The same count the per-member limit trigger makes (migrations/0004): every status but cancelled.
      return db.all<{ itemCode: string; period: string; n: number }>(
        `SELECT item_code AS itemCode, limit_period AS period, COUNT(*) AS n FROM coupons
         WHERE member_id = ? AND status <> 'cancelled' AND limit_period IN (${periods.map(() => '?').join(', ')})
         GROUP BY item_code, limit_period`,
        [memberId, ...periods],
      );
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
  };
}
