// The conversation engine's persisted state. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts).
import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Channel } from '../../kernel/channel.js';

/**
 * Conversation state, one row per version: a turn writes version n+1, so two turns of one member racing from
 * version n cannot both commit (UNIQUE), and the loser re-reads and retries. Older versions are pruned.
 */
export const conversationStates = sqliteTable(
  'conversation_states',
  {
    channel: text('channel').$type<Channel>().notNull(),
    userId: text('user_id').notNull(),
    version: integer('version').notNull(),
    state: text('state').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('conversation_states_version').on(t.channel, t.userId, t.version),
    check('conversation_states_json', sql`json_valid(${t.state})`),
  ],
);
