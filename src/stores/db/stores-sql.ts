import type { RowOf } from '../../db/row.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { StoreKeyStore, StoreKeyView } from '../store.js';
import type { storeKeys, stores } from './schema.js';

type KeyRow = Omit<RowOf<typeof storeKeys>, 'key_hash'> & { store_name: string };

// Never select key_hash: it leaves the database only as a lookup key.
const KEY_VIEW = `SELECT k.id, k.store_code, s.name AS store_name, k.created_at, k.last_used_at, k.revoked_at
  FROM store_keys k JOIN stores s ON s.code = k.store_code`;

const toView = (r: KeyRow): StoreKeyView => ({
  id: r.id,
  storeCode: r.store_code,
  storeName: r.store_name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export function sqlStoreKeyStore(db: Database): StoreKeyStore {
  return {
    upsertStore(code, name, now) {
      return stmt(
        'INSERT INTO stores (code, name, created_at) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name',
        code,
        name,
        now,
      );
    },
    insertStoreKey(id, storeCode, keyHash, now) {
      return stmt(
        'INSERT INTO store_keys (id, store_code, key_hash, created_at) VALUES (?, ?, ?, ?)',
        id,
        storeCode,
        keyHash,
        now,
      );
    },
    async storeByKeyHash(hash) {
      const r = await db.first<
        Pick<RowOf<typeof storeKeys>, 'id' | 'store_code' | 'last_used_at'> & Pick<RowOf<typeof stores>, 'name'>
      >(
        `SELECT k.id, k.store_code, k.last_used_at, s.name FROM store_keys k JOIN stores s ON s.code = k.store_code
         WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
        [hash],
      );
      return r && { keyId: r.id, storeCode: r.store_code, storeName: r.name, lastUsedAt: r.last_used_at };
    },
    async keys(storeCode) {
      const rows =
        storeCode === undefined
          ? await db.all<KeyRow>(`${KEY_VIEW} ORDER BY k.created_at, k.store_code, k.id`)
          : await db.all<KeyRow>(`${KEY_VIEW} WHERE k.store_code = ? ORDER BY k.created_at, k.store_code, k.id`, [
              storeCode,
            ]);
      return rows.map(toView);
    },
    async key(id) {
      const r = await db.first<KeyRow>(`${KEY_VIEW} WHERE k.id = ?`, [id]);
      return r && toView(r);
    },
    revokeKey(id, at) {
      return stmt('UPDATE store_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id', at, id);
    },
    touchKey(id, at, staleBefore) {
      return stmt(
        `UPDATE store_keys SET last_used_at = ?
         WHERE id = ? AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < ?)`,
        at,
        id,
        staleBefore,
      );
    },
  };
}
