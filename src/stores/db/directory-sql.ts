import type { RowOf } from '../../db/row.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { DirectoryStore } from '../directory-store.js';
import type { Brand, Store } from '../domain/places.js';
import type { brands, stores } from './schema.js';

type BrandRow = RowOf<typeof brands>;
type StoreRow = Pick<
  RowOf<typeof stores>,
  'code' | 'name' | 'brand_code' | 'name_zh_tw' | 'name_en' | 'opens_on' | 'created_at'
>;

const toBrand = (r: BrandRow): Brand => ({
  code: r.code,
  names: { 'zh-TW': r.name_zh_tw, en: r.name_en },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toStore = (r: StoreRow): Store => ({
  code: r.code,
  brand: r.brand_code,
  // A store from before brands existed has one name: it serves both languages until the store is defined.
  names: { 'zh-TW': r.name_zh_tw ?? r.name, en: r.name_en ?? r.name },
  opensOn: r.opens_on,
  createdAt: r.created_at,
});

const STORE = 'SELECT code, name, brand_code, name_zh_tw, name_en, opens_on, created_at FROM stores';

export function sqlDirectoryStore(db: Database): DirectoryStore {
  return {
    upsertBrand(code, names, now) {
      return stmt(
        `INSERT INTO brands (code, name_zh_tw, name_en, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name_zh_tw = excluded.name_zh_tw, name_en = excluded.name_en,
           updated_at = excluded.updated_at`,
        code,
        names['zh-TW'],
        names.en,
        now,
        now,
      );
    },
    async brands() {
      return (await db.all<BrandRow>('SELECT * FROM brands ORDER BY code')).map(toBrand);
    },
    async brand(code) {
      const r = await db.first<BrandRow>('SELECT * FROM brands WHERE code = ?', [code]);
      return r && toBrand(r);
    },
    upsertStore(s, now) {
      // `name` (shown beside store keys) follows the zh-TW name; triggers check the brand and the date.
      return stmt(
        `INSERT INTO stores (code, name, created_at, brand_code, name_zh_tw, name_en, opens_on) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, brand_code = excluded.brand_code,
           name_zh_tw = excluded.name_zh_tw, name_en = excluded.name_en, opens_on = excluded.opens_on`,
        s.code,
        s.names['zh-TW'],
        now,
        s.brand,
        s.names['zh-TW'],
        s.names.en,
        s.opensOn,
      );
    },
    async stores(brand) {
      const rows =
        brand === undefined
          ? await db.all<StoreRow>(`${STORE} ORDER BY brand_code, code`)
          : await db.all<StoreRow>(`${STORE} WHERE brand_code = ? ORDER BY code`, [brand]);
      return rows.map(toStore);
    },
    async store(code) {
      const r = await db.first<StoreRow>(`${STORE} WHERE code = ?`, [code]);
      return r && toStore(r);
    },
    classifyStore(e) {
      return e.kind === 'refused' && e.code === 'brand_not_found' ? 'brand_not_found' : undefined;
    },
  };
}
