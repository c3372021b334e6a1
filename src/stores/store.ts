import type { Statement } from '../kernel/database.js';

/** A store key as it may be shown: never the key or its hash. */
export interface StoreKeyView {
  readonly id: string;
  readonly storeCode: string;
  readonly storeName: string;
  readonly createdAt: number;
  /** When it last authenticated a request, to the minute (null: not since this was recorded). */
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

/** Storage for stores and their (hashed) POS keys. */
export interface StoreKeyStore {
  upsertStore(code: string, name: string, now: number): Statement;
  insertStoreKey(id: string, storeCode: string, keyHash: string, now: number): Statement;
  /** The store of an unrevoked key with this SHA-256. */
  storeByKeyHash(
    hash: string,
  ): Promise<{ keyId: string; storeCode: string; storeName: string; lastUsedAt: number | null } | undefined>;
  /** Every key (of one store), oldest first (then by store). */
  keys(storeCode?: string): Promise<StoreKeyView[]>;
  key(id: string): Promise<StoreKeyView | undefined>;
  /** Sets revoked_at on a live key; RETURNING the id (no row: unknown or already revoked). */
  revokeKey(id: string, at: number): Statement;
  /** Sets last_used_at to `at` on a live key whose last use is unknown or before `staleBefore`. */
  touchKey(id: string, at: number, staleBefore: number): Statement;
}
