// WhatsApp Cloud API contacts and delivery statuses (tables in src/channels/whatsapp/db/schema.ts), on
// better-sqlite3 and D1.
import type { RowOf } from '../../../db/row.js';
import { type Database, stmt } from '../../../kernel/database.js';
import type { whatsappCloudContacts } from '../../whatsapp/db/schema.js';
import type { CloudContactStore } from '../contacts.js';

type ContactRow = RowOf<typeof whatsappCloudContacts>;

export function sqlCloudContactStore(db: Database): CloudContactStore {
  return {
    async lastInboundAt(userId) {
      const r = await db.first<Pick<ContactRow, 'last_inbound_at'>>(
        'SELECT last_inbound_at FROM whatsapp_cloud_contacts WHERE user_id = ?',
        [userId],
      );
      return r?.last_inbound_at;
    },
    async profileName(userId) {
      const r = await db.first<Pick<ContactRow, 'profile_name'>>(
        'SELECT profile_name FROM whatsapp_cloud_contacts WHERE user_id = ?',
        [userId],
      );
      return r?.profile_name;
    },
    recordInbound(userId, at, profileName, now) {
      return stmt(
        `INSERT INTO whatsapp_cloud_contacts (user_id, last_inbound_at, profile_name, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET
           last_inbound_at = MAX(whatsapp_cloud_contacts.last_inbound_at, excluded.last_inbound_at),
           profile_name = COALESCE(excluded.profile_name, whatsapp_cloud_contacts.profile_name),
           updated_at = excluded.updated_at`,
        userId,
        at,
        profileName,
        now,
      );
    },
    recordStatus(s, now) {
      return stmt(
        `INSERT INTO whatsapp_cloud_statuses (wamid, status, recipient_id, at, error_code, error_title, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (wamid, status) DO NOTHING`,
        s.wamid,
        s.status,
        s.recipientId,
        s.at,
        s.errorCode,
        s.errorTitle,
        now,
      );
    },
  };
}
