import type { RowOf } from '../../db/row.js';
import { type BatchRefusal, type Database, stmt } from '../../kernel/database.js';
import type { ChatStore, IdentityRecord, MemberRecord } from '../store.js';
import { sqlLinkStore } from './link-sql.js';
import type { identities, members } from './schema.js';

type MemberRow = RowOf<typeof members>;
type IdentityRow = RowOf<typeof identities>;

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

/** The UNIQUE index members_phone (one member per number) refused a new member. */
const isPhoneTaken = (e: BatchRefusal): boolean => e.kind === 'unique' && e.target === 'members.phone_e164';

export function sqlChatStore(db: Database): ChatStore {
  return {
    ...sqlLinkStore(db),
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

    // UNIQUE members.member_code (or members.id): a drawn value taken meanwhile; members.phone_e164 is an answer.
    isRegistrationRace: (e) => e.kind === 'unique' && e.target.startsWith('members.') && !isPhoneTaken(e),
    isPhoneTaken,
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
