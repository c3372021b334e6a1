// The rich menus' SQL (tables in schema.ts), on better-sqlite3 and D1.
import { type Database, stmt } from '../../../kernel/database.js';
import type { RichMenuKind } from '../rich-menu/domain/menu.js';
import type { LinkRow, RichMenuRow, RichMenuStore } from '../rich-menu/store.js';

export function sqlRichMenuStore(db: Database): RichMenuStore {
  const run = async (what: string, sql: string, ...params: (string | number | null)[]) => {
    const r = await db.batch([stmt(sql, ...params)]);
    if (!r.ok) throw new Error(`rich menus: ${what} refused (${r.error.kind})`);
    return r.value[0] ?? [];
  };
  return {
    async claim(hash, kind, token, now) {
      await run(
        'claim',
        `INSERT INTO rich_menus (hash, kind, version, state, claim_token, claimed_at)
         VALUES (?, ?, ?, 'creating', ?, ?) ON CONFLICT (hash) DO NOTHING`,
        hash,
        kind,
        now,
        token,
        now,
      );
    },
    async byHash(hash) {
      const r = await db.first<{
        hash: string;
        kind: RichMenuKind;
        state: 'creating' | 'ready';
        claim_token: string;
        claimed_at: number;
        line_rich_menu_id: string | null;
        bulk_linked_at: number | null;
      }>(
        `SELECT hash, kind, state, claim_token, claimed_at, line_rich_menu_id, bulk_linked_at
         FROM rich_menus WHERE hash = ?`,
        [hash],
      );
      return (r && {
        hash: r.hash,
        kind: r.kind,
        state: r.state,
        claimToken: r.claim_token,
        claimedAt: r.claimed_at,
        lineRichMenuId: r.line_rich_menu_id,
        bulkLinkedAt: r.bulk_linked_at,
      }) satisfies RichMenuRow | undefined;
    },
    async takeOver(hash, from, token, now) {
      const rows = await run(
        'take over',
        `UPDATE rich_menus SET claim_token = ?, claimed_at = ?
         WHERE hash = ? AND claim_token = ? AND state = 'creating' RETURNING hash`,
        token,
        now,
        hash,
        from,
      );
      return rows.length > 0;
    },
    async markReady(hash, token, id, now) {
      const rows = await run(
        'mark ready',
        `UPDATE rich_menus SET state = 'ready', line_rich_menu_id = ?, ready_at = ?
         WHERE hash = ? AND claim_token = ? AND state = 'creating' RETURNING hash`,
        id,
        now,
        hash,
        token,
      );
      return rows.length > 0;
    },
    async release(hash, token) {
      await run(
        'release',
        `UPDATE rich_menus SET claimed_at = 0 WHERE hash = ? AND claim_token = ? AND state = 'creating'`,
        hash,
        token,
      );
    },
    async claimBulk(hash, now, staleBefore) {
      const rows = await run(
        'claim bulk link',
        `UPDATE rich_menus SET bulk_claimed_at = ?
         WHERE hash = ? AND state = 'ready' AND bulk_linked_at IS NULL
           AND (bulk_claimed_at IS NULL OR bulk_claimed_at < ?) RETURNING hash`,
        now,
        hash,
        staleBefore,
      );
      return rows.length > 0;
    },
    async markBulkLinked(hash, now) {
      await run('finish bulk link', 'UPDATE rich_menus SET bulk_linked_at = ? WHERE hash = ?', now, hash);
    },
    async lineMemberIds(after, limit) {
      const rows = await db.all<{ user_id: string }>(
        `SELECT user_id FROM identities WHERE channel = 'line' AND member_id IS NOT NULL AND reachable = 1
           AND user_id > ? ORDER BY user_id LIMIT ?`,
        [after, limit],
      );
      return rows.map((r) => r.user_id);
    },
    enqueueLink: (userId, action, now) =>
      stmt('INSERT INTO rich_menu_links (user_id, action, created_at) VALUES (?, ?, ?)', userId, action, now),
    async claimDueLinks(now, leaseMs, limit) {
      const rows = await run(
        'claim links',
        `UPDATE rich_menu_links SET attempts = attempts + 1, lease_until = ?
         WHERE id IN (
           SELECT l.id FROM rich_menu_links l
           WHERE l.done_at IS NULL AND l.next_attempt_at <= ? AND (l.lease_until IS NULL OR l.lease_until <= ?)
             AND l.id = (SELECT MIN(o.id) FROM rich_menu_links o WHERE o.user_id = l.user_id AND o.done_at IS NULL)
           ORDER BY l.id LIMIT ?)
         RETURNING id, user_id, action, attempts`,
        now + leaseMs,
        now,
        now,
        limit,
      );
      return rows.map(
        (r): LinkRow => ({
          id: Number(r.id),
          userId: String(r.user_id),
          action: r.action === 'unlink' ? 'unlink' : 'link',
          attempts: Number(r.attempts),
        }),
      );
    },
    async finishLink(id, outcome, error, now) {
      await run(
        'finish link',
        'UPDATE rich_menu_links SET done_at = ?, outcome = ?, last_error = ?, lease_until = NULL WHERE id = ?',
        now,
        outcome,
        error,
        id,
      );
    },
    async retryLink(id, error, at, countAttempt) {
      await run(
        'retry link',
        `UPDATE rich_menu_links SET next_attempt_at = ?, last_error = ?, lease_until = NULL,
           attempts = attempts - ? WHERE id = ?`,
        at,
        error,
        countAttempt ? 0 : 1,
        id,
      );
    },
    async openLinks() {
      const r = await db.first<{ n: number }>('SELECT COUNT(*) AS n FROM rich_menu_links WHERE done_at IS NULL');
      return Number(r?.n ?? 0);
    },
  };
}
