import type { Clock, IdGen } from '../kernel/clock.js';
import { sha256 } from '../kernel/crypto.js';
import type { Database } from '../kernel/database.js';
import { commitAll } from '../kernel/plan.js';
import type { StoreKeyStore } from './store.js';

export interface StoreKeyDeps {
  readonly db: Database;
  readonly store: StoreKeyStore;
  readonly clock: Clock;
  readonly ids: IdGen;
}

/** Store (POS) keys: shown once at creation, kept only as their SHA-256. */
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

  async storeForKey(key: string): Promise<{ storeCode: string; storeName: string } | undefined> {
    return this.d.store.storeByKeyHash(await sha256(key));
  }
}
