// Coupons at the till: the guard that makes a use's notice conditional on the use, where the notice goes, and the
// store's name for it. Reads identities, members and stores (their owners' tables) by their stable columns only.
import { type Database, stmt } from '../../kernel/database.js';
import type { CouponStore } from '../store.js';

export type TillPart = Pick<CouponStore, 'usedBy' | 'notifyTarget' | 'storeNames'>;

export function sqlTill(db: Database): TillPart {
  return {
    // Right after useCoupon in the same batch: changes() is the rows that UPDATE changed. Unless it changed the
    // coupon, this one is refused by coupons_transitions (status 'x' is never allowed), so the batch that carries
    // the member's notice commits only with the use it reports (a replay or a refused use notifies nobody).
    usedBy: (c) =>
      stmt(`UPDATE coupons SET status = 'not_used_by_this_request' WHERE code = ? AND changes() = 0`, c.code),
    notifyTarget: (memberId) =>
      db.first(
        `SELECT i.channel AS channel, i.user_id AS userId, m.language AS language
         FROM identities i JOIN members m ON m.id = i.member_id
         WHERE i.member_id = ? AND i.reachable = 1 ORDER BY i.last_seen_at DESC LIMIT 1`,
        [memberId],
      ),
    async storeNames(code) {
      const r = await db.first<{ name: string; zh: string | null; en: string | null }>(
        'SELECT name, name_zh_tw AS zh, name_en AS en FROM stores WHERE code = ?',
        [code],
      );
      return r && { 'zh-TW': r.zh ?? r.name, en: r.en ?? r.name };
    },
  };
}
