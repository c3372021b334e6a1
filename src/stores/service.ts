import type { Clock, IdGen } from '../kernel/clock.js';
import { sha256 } from '../kernel/crypto.js';
import type { Database } from '../kernel/database.js';
import { commitAll } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { StoreKeyStore, StoreKeyView } from './store.js';

export interface StoreKeyDeps {
  readonly db: Database;
  readonly store: StoreKeyStore;
  readonly clock: Clock;
  readonly ids: IdGen;
}

export type RevokeStoreKeyRefusal = { code: 'store_key_not_found' };

/** last_used_at is kept to the minute: at most one small write per key a minute, however busy the store. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Store (POS) keys: shown once at creation, kept only as their SHA-256; listed without secrets; revoked keys
 * authenticate nothing from the moment the revoke commits (every request reads the key's row: no cache).
 */
export class StoreKeyService {
  constructor(private readonly d: StoreKeyDeps) {}

  /** Creates (or renames) the store and a new key for it, in one batch. */
  async createStoreKey(storeCode: string, storeName: string): Promise<{ id: string; key: string }> {
    const id = this.d.ids.next();
    const key = `plsk_${this.d.ids.next()}${this.d.ids.next()}`;
    const now = this.d.clock.now();
    await commitAll(this.d.db, [
      this.d.store.upsertStore(storeCode, storeName, now),
      this.d.store.insertStoreKey(id, storeCode, await sha256(key), now),
    ]);
    return { id, key };
  }

  /** The store of a live key (and records, to the minute, that the key was used). */
  async storeForKey(key: string): Promise<{ storeCode: string; storeName: string } | undefined> {
    const found = await this.d.store.storeByKeyHash(await sha256(key));
    if (!found) return undefined;
    const now = this.d.clock.now();
    const staleBefore = now - LAST_USED_GRANULARITY_MS;
    if (found.lastUsedAt === null || found.lastUsedAt < staleBefore) {
      // Guarded in SQL (a live key, still stale), so concurrent requests write it once.
      await commitAll(this.d.db, [this.d.store.touchKey(found.keyId, now, staleBefore)]);
    }
    return { storeCode: found.storeCode, storeName: found.storeName };
  }

  /** Every key, or one store's: ids, store, created, last used, revoked; never the key or its hash. */
  listKeys(storeCode?: string): Promise<StoreKeyView[]> {
    return this.d.store.keys(storeCode);
  }

  /** Revokes a key: it authenticates nothing afterwards. Revoking a revoked key answers as before. */
  async revokeKey(id: string): Promise<Result<StoreKeyView, RevokeStoreKeyRefusal>> {
    const r = await this.d.db.batch([this.d.store.revokeKey(id, this.d.clock.now())]);
    if (!r.ok) throw new Error(`store key revoke refused: ${r.error.kind}`);
    const key = await this.d.store.key(id);
    if (!key || (r.value[0]?.length === 0 && key.revokedAt === null)) return err({ code: 'store_key_not_found' });
    return ok(key);
  }
}
