// Conversation state rows: one per (channel, user, version); UNIQUE on the three makes two racing turns of one
// identity unable to both commit (migrations/0002). Older versions are deleted in the same batch.

import { and, desc, eq, lt } from 'drizzle-orm';
import type { RowOf } from '../../db/row.js';
import { built, sqlBuilder } from '../../db/sql-builder.js';
import type { BatchRefusal, Database } from '../../kernel/database.js';
import type { StateStore } from '../ports.js';
import { conversationStates as t } from './schema.js';

export function sqlStateStore(db: Database): StateStore {
  return {
    async state(channel, userId) {
      const q = built(
        sqlBuilder
          .select({ version: t.version, state: t.state })
          .from(t)
          .where(and(eq(t.channel, channel), eq(t.userId, userId)))
          .orderBy(desc(t.version))
          .limit(1),
      );
      const r = await db.first<Pick<RowOf<typeof t>, 'version' | 'state'>>(q.sql, q.params);
      return r && { version: r.version, state: JSON.parse(r.state) as unknown };
    },
    writeState(channel, userId, version, state, now) {
      return [
        built(sqlBuilder.insert(t).values({ channel, userId, version, state: JSON.stringify(state), updatedAt: now })),
        built(sqlBuilder.delete(t).where(and(eq(t.channel, channel), eq(t.userId, userId), lt(t.version, version)))),
      ];
    },
    isLostRace: (e: BatchRefusal) => e.kind === 'unique' && e.target.startsWith('conversation_states'),
  };
}
