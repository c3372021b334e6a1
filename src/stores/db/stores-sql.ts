import type { RowOf } from '../../db/row.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { StoreKeyStore } from '../store.js';
import type { storeKeys, stores } from './schema.js';

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
      const r = await db.first<Pick<RowOf<typeof storeKeys>, 'store_code'> & Pick<RowOf<typeof stores>, 'name'>>(
        `SELECT k.store_code, s.name FROM store_keys k JOIN stores s ON s.code = k.store_code
         WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
        [hash],
      );
      return r && { storeCode: r.store_code, storeName: r.name };
    },
  };
}
