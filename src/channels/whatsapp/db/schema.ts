// WhatsApp's own tables (both APIs: the offered options; Cloud API: contacts and delivery statuses). drizzle-kit
// reads every src/**/db/schema.ts (drizzle.config.ts) to generate migrations/.
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Channel } from '../../../kernel/channel.js';

/** WhatsApp: the numbered options last offered to each user, so "2" still means the same after a restart. */
export const whatsappOffers = sqliteTable(
  'whatsapp_offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').$type<Channel>().notNull(),
    userId: text('user_id').notNull(),
    /** The outbox row that offered them: an older row delivered late never replaces a newer offer. */
    outboxId: integer('outbox_id').notNull(),
    /** JSON array of { label, action, keywords }. */
    options: text('options').notNull(),
    offeredAt: integer('offered_at').notNull(),
  },
  (t) => [uniqueIndex('whatsapp_offers_user').on(t.channel, t.userId)],
);

/** WhatsApp Cloud API contacts: the last inbound message opens the 24-hour window for free-form replies. */
export const whatsappCloudContacts = sqliteTable('whatsapp_cloud_contacts', {
  userId: text('user_id').primaryKey(),
  lastInboundAt: integer('last_inbound_at').notNull(),
  /** The WhatsApp profile name, to prefill registration. */
  profileName: text('profile_name'),
  updatedAt: integer('updated_at').notNull(),
});

/** WhatsApp Cloud API delivery statuses of the messages we sent (sent, delivered, read, failed). */
export const whatsappCloudStatuses = sqliteTable(
  'whatsapp_cloud_statuses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    wamid: text('wamid').notNull(),
    status: text('status').notNull(),
    recipientId: text('recipient_id').notNull(),
    at: integer('at').notNull(),
    errorCode: integer('error_code'),
    errorTitle: text('error_title'),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('whatsapp_cloud_statuses_once').on(t.wamid, t.status)],
);
