import type { Statement } from '../kernel/database.js';

/** Storage for stores and their (hashed) POS keys. */
export interface StoreKeyStore {
  upsertStore(code: string, name: string, now: number): Statement;
  insertStoreKey(id: string, storeCode: string, keyHash: string, now: number): Statement;
  /** The store of an unrevoked key with this SHA-256. */
  storeByKeyHash(hash: string): Promise<{ storeCode: string; storeName: string } | undefined>;
}
