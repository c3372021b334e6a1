// Conversation state rows: one per (channel, user, version); UNIQUE on the three makes two racing turns of one
// identity unable to both commit (migrations/0002). Older versions are deleted in the same batch.
import type { RowOf } from '../../db/row.js';
import { type BatchRefusal, type Database, stmt } from '../../kernel/database.js';
import type { StateStore } from '../ports.js';
import type { conversationStates } from './schema.js';

export function sqlStateStore(db: Database): StateStore {
  return {
    async state(channel, userId) {
      const r = await db.first<Pick<RowOf<typeof conversationStates>, 'version' | 'state'>>(
        'SELECT version, state FROM conversation_states WHERE channel = ? AND user_id = ? ORDER BY version DESC LIMIT 1',
        [channel, userId],
      );
      return r && { version: r.version, state: JSON.parse(r.state) as unknown };
    },
    writeState(channel, userId, version, state, now) {
      return [
        stmt(
          'INSERT INTO conversation_states (channel, user_id, version, state, updated_at) VALUES (?, ?, ?, ?, ?)',
          channel,
          userId,
          version,
          JSON.stringify(state),
          now,
        ),
        stmt(
          'DELETE FROM conversation_states WHERE channel = ? AND user_id = ? AND version < ?',
          channel,
          userId,
          version,
        ),
      ];
    },
    isLostRace: (e: BatchRefusal) => e.kind === 'unique' && e.target.startsWith('conversation_states'),
  };
}
