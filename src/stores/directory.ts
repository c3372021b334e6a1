// Brands and store definitions: a program's places. Store keys and the store API are in ./service.ts and ./http.ts.
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { commitAll, describeRefusal } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { DirectoryStore, StoreDefinition } from './directory-store.js';
import type { Brand, PlaceNames, Store, StoreRefusalCode } from './domain/places.js';

export interface StoreDirectoryDeps {
  readonly db: Database;
  readonly store: DirectoryStore;
  readonly clock: Clock;
}

/** Brands and their stores: defined through the admin API, read by earn rules, purchases and the chat. */
export class StoreDirectory {
  constructor(private readonly d: StoreDirectoryDeps) {}

  /** Creates a brand or renames it. */
  async defineBrand(code: string, names: PlaceNames): Promise<Brand> {
    await commitAll(this.d.db, [this.d.store.upsertBrand(code, names, this.d.clock.now())]);
    const brand = await this.d.store.brand(code);
    if (!brand) throw new Error(`brand ${code} vanished after its write`);
    return brand;
  }

  brands(): Promise<Brand[]> {
    return this.d.store.brands();
  }

  brand(code: string): Promise<Brand | undefined> {
    return this.d.store.brand(code);
  }

  /**
   * Creates or redefines a store: its brand, names and opening date. The brand must exist: the database decides
   * (trigger stores_guard_insert), so a brand named here is never a stale read.
   */
  async defineStore(s: StoreDefinition): Promise<Result<Store, { code: StoreRefusalCode }>> {
    const r = await this.d.db.batch([this.d.store.upsertStore(s, this.d.clock.now())]);
    if (!r.ok) {
      const code = this.d.store.classifyStore(r.error);
      if (code) return err({ code });
      throw new Error(`store definition refused: ${describeRefusal(r.error)}`);
    }
    const store = await this.d.store.store(s.code);
    if (!store) throw new Error(`store ${s.code} vanished after its write`);
    return ok(store);
  }

  /** Every store (of one brand), by brand and code. */
  stores(brand?: string): Promise<Store[]> {
    return this.d.store.stores(brand);
  }

  store(code: string): Promise<Store | undefined> {
    return this.d.store.store(code);
  }
}
