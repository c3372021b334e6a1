import type { RowOf } from '../../db/row.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { SettingsStore } from '../store.js';
import type { settings } from './schema.js';

export function sqlSettingsStore(db: Database): SettingsStore {
  return {
    async setting(key) {
      const r = await db.first<Pick<RowOf<typeof settings>, 'value'>>('SELECT value FROM settings WHERE key = ?', [
        key,
      ]);
      return r ? (JSON.parse(r.value) as unknown) : undefined;
    },
    putSetting(key, value, now) {
      return stmt(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        key,
        JSON.stringify(value),
        now,
      );
    },
  };
}
