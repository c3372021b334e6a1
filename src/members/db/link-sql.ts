// Link codes on SQLite and D1. The guards are triggers (migrations 0006 and the link_guards migration):
// link_codes_unique_live, link_codes_use_once (used, expired, dead after 5 wrong guesses in its bucket) and
// link_attempts_limits (5 wrong guesses per chat in 10 minutes; the program-wide limit per 60 seconds).
import type { RowOf } from '../../db/row.js';
import type { Channel } from '../../kernel/channel.js';
import { type BatchRefusal, type Database, stmt } from '../../kernel/database.js';
import type { LinkRefusal, LinkStore } from '../store.js';
import type { linkCodes } from './schema.js';

type LinkCodeRow = RowOf<typeof linkCodes>;

/** What the triggers raise, in the module's terms. */
const REFUSALS: Readonly<Record<string, LinkRefusal>> = {
  link_code_taken: 'code_taken',
  link_code_used: 'code_used',
  link_code_expired: 'code_expired',
  link_code_dead: 'code_dead',
  link_rate_limited: 'too_many_tries',
  link_identity_locked: 'identity_locked',
};

/** The wrong guesses in a code's bucket since it was issued (the trigger's count, read before the batch). */
const WRONG_IN_BUCKET = `(SELECT COUNT(*) FROM link_attempts a
  WHERE a.bucket = substr(c.code, 1, 3) AND a.ok = 0 AND a.at >= c.created_at)`;

export function sqlLinkStore(db: Database): LinkStore {
  return {
    async linkCode(code) {
      const r = await db.first<
        Pick<LinkCodeRow, 'id' | 'member_id' | 'expires_at' | 'used_at' | 'issued_channel' | 'issued_user_id'> & {
          wrong: number;
        }
      >(
        `SELECT c.id, c.member_id, c.expires_at, c.used_at, c.issued_channel, c.issued_user_id, ${WRONG_IN_BUCKET} AS wrong
         FROM link_codes c WHERE c.code = ? ORDER BY c.id DESC LIMIT 1`,
        [code],
      );
      if (!r) return undefined;
      const issuedTo =
        r.issued_channel && r.issued_user_id ? { channel: r.issued_channel, userId: r.issued_user_id } : null;
      return {
        id: r.id,
        memberId: r.member_id,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
        dead: r.wrong >= 5,
        issuedTo,
      };
    },
    insertLinkCode(code, memberId, issuedTo, now, expiresAt) {
      return stmt(
        `INSERT INTO link_codes (code, member_id, created_at, expires_at, issued_channel, issued_user_id)
         VALUES (?, ?, ?, ?, ?, ?)`,
        code,
        memberId,
        now,
        expiresAt,
        issuedTo.channel,
        issuedTo.userId,
      );
    },
    useLinkCode(id, by, now) {
      return stmt(
        'UPDATE link_codes SET used_at = ?, used_channel = ?, used_user_id = ? WHERE id = ?',
        now,
        by.channel,
        by.userId,
        id,
      );
    },
    insertLinkAttempt(by, attempt, now) {
      return stmt(
        `INSERT INTO link_attempts (channel, user_id, ok, at, bucket, max_wrong_per_minute) VALUES (?, ?, ?, ?, ?, ?)`,
        by.channel,
        by.userId,
        attempt.ok ? 1 : 0,
        now,
        attempt.bucket,
        attempt.maxWrongPerMinute,
      );
    },
    classifyLink: (e: BatchRefusal) => (e.kind === 'refused' ? REFUSALS[e.code] : undefined),
    async linkedBy(linkId, memberId) {
      const r = await db.first<{ channel: Channel; user_id: string; linked: number }>(
        `SELECT c.used_channel AS channel, c.used_user_id AS user_id,
           EXISTS (SELECT 1 FROM identities i
             WHERE i.channel = c.used_channel AND i.user_id = c.used_user_id AND i.member_id = c.member_id) AS linked
         FROM link_codes c WHERE c.id = ? AND c.member_id = ? AND c.used_channel IS NOT NULL`,
        [linkId, memberId],
      );
      return r && { channel: r.channel, userId: r.user_id, linked: r.linked === 1 };
    },
    detachLinked(linkId, memberId, asking) {
      return stmt(
        `UPDATE identities SET member_id = NULL
         WHERE member_id = ? AND NOT (channel = ? AND user_id = ?)
           AND (channel, user_id) IN (SELECT used_channel, used_user_id FROM link_codes WHERE id = ? AND member_id = ?)`,
        memberId,
        asking.channel,
        asking.userId,
        linkId,
        memberId,
      );
    },
  };
}
