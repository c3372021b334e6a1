// The storage port of brands and store definitions (src/stores/db/directory-sql.ts implements it).
import type { BatchRefusal, Statement } from '../kernel/database.js';
import type { Brand, PlaceNames, Store, StoreRefusalCode } from './domain/places.js';

export interface StoreDefinition {
  readonly code: string;
  readonly brand: string;
  readonly names: PlaceNames;
  readonly opensOn: string | null;
}

export interface DirectoryStore {
  upsertBrand(code: string, names: PlaceNames, now: number): Statement;
  brands(): Promise<Brand[]>;
  brand(code: string): Promise<Brand | undefined>;
  /** Creates or redefines a store (its brand guarded by the database: brand_not_found). */
  upsertStore(s: StoreDefinition, now: number): Statement;
  stores(brand?: string): Promise<Store[]>;
  store(code: string): Promise<Store | undefined>;
  /** What a refused store definition means, or undefined if it is not one of its guards. */
  classifyStore(e: BatchRefusal): StoreRefusalCode | undefined;
}
