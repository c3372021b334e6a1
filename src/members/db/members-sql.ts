import type { conversationStates } from '../../conversation/db/schema.js';
import type { Reply } from '../../conversation/domain/replies.js';
import type { RowOf } from '../../db/row.js';
import type { inboxEvents, outbox } from '../../inbox/db/schema.js';
import type { InboxItem, InboxStore, OutboxItem } from '../../inbox/index.js';
import type { InboundEvent } from '../../kernel/channel.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { ChatStore, IdentityRecord, MemberRecord } from '../store.js';
import type { identities, linkCodes, members } from './schema.js';

type MemberRow = RowOf<typeof members>;
type IdentityRow = RowOf<typeof identities>;
type LinkCodeRow = RowOf<typeof linkCodes>;

const toMember = (r: MemberRow): MemberRecord => ({
  id: r.id,
  memberCode: r.member_code,
  name: r.name,
  phoneE164: r.phone_e164,
  birthday: r.birthday,
  language: r.language,
  registeredAt: r.registered_at,
  registeredLocalDate: r.registered_local_date,
});

export function sqlChatStore(db: Database): ChatStore {
  return {
    async identity(channel, userId) {
      const r = await db.first<Pick<IdentityRow, 'member_id' | 'language' | 'reachable'>>(
        'SELECT member_id, language, reachable FROM identities WHERE channel = ? AND user_id = ?',
        [channel, userId],
      );
      return (
        r &&
        ({
          channel,
          userId,
          memberId: r.member_id,
          language: r.language,
          reachable: r.reachable === 1,
        } satisfies IdentityRecord)
      );
    },
    async member(id) {
      const r = await db.first<MemberRow>('SELECT * FROM members WHERE id = ?', [id]);
      return r && toMember(r);
    },
    async memberByCode(code) {
      const r = await db.first<MemberRow>('SELECT * FROM members WHERE member_code = ?', [code]);
      return r && toMember(r);
    },
    touchIdentity(channel, userId, language, now) {
      return stmt(
        `INSERT INTO identities (channel, user_id, language, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel, user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at,
           language = COALESCE(identities.language, excluded.language)`,
        channel,
        userId,
        language,
        now,
        now,
      );
    },

    isRegistrationRace: (e) => e.kind === 'unique' && e.target.startsWith('members'),
    insertMember(m) {
      return stmt(
        `INSERT INTO members (id, member_code, name, phone_e164, birthday, language, consent_version, consent_at,
           registered_at, registered_local_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        m.id,
        m.memberCode,
        m.name,
        m.phoneE164,
        m.birthday,
        m.language,
        m.consentVersion,
        m.consentAt,
        m.registeredAt,
        m.registeredLocalDate,
      );
    },
    attachIdentity(channel, userId, memberId) {
      // Only an identity without a member: the state version guard already makes a double registration lose.
      return stmt(
        'UPDATE identities SET member_id = ? WHERE channel = ? AND user_id = ? AND member_id IS NULL',
        memberId,
        channel,
        userId,
      );
    },
    setMemberLanguage(memberId, language) {
      return stmt('UPDATE members SET language = ? WHERE id = ?', language, memberId);
    },
    setIdentityLanguage(channel, userId, language) {
      return stmt('UPDATE identities SET language = ? WHERE channel = ? AND user_id = ?', language, channel, userId);
    },
    async linkCode(code) {
      const r = await db.first<Pick<LinkCodeRow, 'id' | 'member_id' | 'expires_at' | 'used_at'>>(
        'SELECT id, member_id, expires_at, used_at FROM link_codes WHERE code = ? ORDER BY id DESC LIMIT 1',
        [code],
      );
      return r && { id: r.id, memberId: r.member_id, expiresAt: r.expires_at, usedAt: r.used_at };
    },
    insertLinkCode(code, memberId, now, expiresAt) {
      return stmt(
        'INSERT INTO link_codes (code, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
        code,
        memberId,
        now,
        expiresAt,
      );
    },
    useLinkCode(id, now) {
      return stmt('UPDATE link_codes SET used_at = ? WHERE id = ?', now, id);
    },
    async linkFailuresSince(channel, userId, since) {
      const r = await db.first<{ n: number }>(
        'SELECT COUNT(*) AS n FROM link_attempts WHERE channel = ? AND user_id = ? AND ok = 0 AND at > ?',
        [channel, userId, since],
      );
      return r?.n ?? 0;
    },
    insertLinkAttempt(channel, userId, ok, now) {
      return stmt(
        'INSERT INTO link_attempts (channel, user_id, ok, at) VALUES (?, ?, ?, ?)',
        channel,
        userId,
        ok ? 1 : 0,
        now,
      );
    },
    setBroadcastOptOut(memberId, optOut, now) {
      return optOut
        ? stmt(
            'INSERT INTO broadcast_opt_outs (member_id, at) VALUES (?, ?) ON CONFLICT (member_id) DO NOTHING',
            memberId,
            now,
          )
        : stmt('DELETE FROM broadcast_opt_outs WHERE member_id = ?', memberId);
    },
    detachIdentity(channel, userId) {
      return stmt('UPDATE identities SET member_id = NULL WHERE channel = ? AND user_id = ?', channel, userId);
    },
    async identityCount(memberId) {
      const r = await db.first<{ n: number }>('SELECT COUNT(*) AS n FROM identities WHERE member_id = ?', [memberId]);
      return r?.n ?? 0;
    },
    setReachable(channel, userId, reachable) {
      return stmt(
        'UPDATE identities SET reachable = ? WHERE channel = ? AND user_id = ?',
        reachable ? 1 : 0,
        channel,
        userId,
      );
    },
  };
}

type OutboxRow = Pick<
  RowOf<typeof outbox>,
  'id' | 'inbox_id' | 'channel' | 'user_id' | 'reply_token' | 'replies' | 'retry_key' | 'attempts'
>;
type InboxEventRow = RowOf<typeof inboxEvents>;

export function sqlInboxStore(db: Database): InboxStore {
  return {
    accept(events, now) {
      return events.map((e) =>
        stmt(
          `INSERT INTO inbox_events (channel, event_id, user_id, payload, received_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (channel, event_id) DO NOTHING`,
          e.channel,
          e.eventId,
          e.userId,
          JSON.stringify(e),
          now,
        ),
      );
    },
    async pending(limit) {
      const rows = await db.all<Pick<InboxEventRow, 'id' | 'payload'>>(
        'SELECT id, payload FROM inbox_events WHERE done_at IS NULL ORDER BY id LIMIT ?',
        [limit],
      );
      return rows.map((r): InboxItem => ({ id: r.id, event: JSON.parse(r.payload) as InboundEvent }));
    },
    markDone(inboxId, now) {
      return [
        stmt('INSERT INTO inbox_done (inbox_id, done_at) VALUES (?, ?)', inboxId, now),
        stmt('UPDATE inbox_events SET done_at = ? WHERE id = ?', now, inboxId),
      ];
    },
    isAlreadyDone: (e) => e.kind === 'unique' && e.target.startsWith('inbox_done'),
    enqueue(item, now, facts = []) {
      // replace(replace(?, token1, expr1), token2, expr2): the values are read by this INSERT, inside the batch.
      // A token is a marker of plain ASCII that JSON.stringify leaves as it is; the values are digits and commas.
      const replies = facts.reduce((inner, f) => `replace(${inner}, ?, ${f.expr.sql})`, '?');
      return stmt(
        `INSERT INTO outbox (inbox_id, channel, user_id, reply_token, replies, retry_key, created_at)
         VALUES (?, ?, ?, ?, ${replies}, ?, ?)`,
        item.inboxId,
        item.channel,
        item.userId,
        item.replyToken,
        JSON.stringify(item.replies),
        ...facts.flatMap((f) => [f.token, ...f.expr.params]),
        item.retryKey,
        now,
      );
    },
    async pendingOutbox(limit, maxAttempts, pushLimit = limit) {
      // Answers to members first, then at most `pushLimit` pushes (broadcasts, reminders): a throttled WhatsApp
      // broadcast must not hold a member's reply behind hundreds of queued campaign messages.
      const columns = 'id, inbox_id, channel, user_id, reply_token, replies, retry_key, attempts';
      const rows = await db.all<OutboxRow>(
        `SELECT * FROM (SELECT ${columns} FROM outbox
           WHERE status = 'pending' AND attempts < ? AND inbox_id IS NOT NULL ORDER BY id LIMIT ?)
         UNION ALL
         SELECT * FROM (SELECT ${columns} FROM outbox
           WHERE status = 'pending' AND attempts < ? AND inbox_id IS NULL ORDER BY id LIMIT ?)`,
        [maxAttempts, limit, maxAttempts, pushLimit],
      );
      return rows.map(
        (r): OutboxItem => ({
          id: r.id,
          inboxId: r.inbox_id,
          channel: r.channel,
          userId: r.user_id,
          replyToken: r.reply_token,
          replies: JSON.parse(r.replies) as Reply[],
          retryKey: r.retry_key,
          attempts: r.attempts,
        }),
      );
    },
    markSent(outboxId, now) {
      return stmt(
        "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
        now,
        outboxId,
      );
    },
    markAttempt(outboxId, error, failed) {
      return stmt(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, status = CASE WHEN ? THEN 'failed' ELSE status END WHERE id = ? AND status = 'pending'",
        error.slice(0, 500),
        failed ? 1 : 0,
        outboxId,
      );
    },
    async isDone(channel, eventId) {
      const r = await db.first<{ done: InboxEventRow['done_at'] }>(
        'SELECT done_at AS done FROM inbox_events WHERE channel = ? AND event_id = ?',
        [channel, eventId],
      );
      return r?.done != null;
    },
  };
}
