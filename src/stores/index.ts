// Brands, stores and their POS keys, and the store API: what other modules may use.
export { sqlDirectoryStore } from './db/directory-sql.js';
export { sqlStoreKeyStore } from './db/stores-sql.js';
export { StoreDirectory, type StoreDirectoryDeps } from './directory.js';
export { directoryAdminRoutes } from './directory-http.js';
export type { DirectoryStore, StoreDefinition } from './directory-store.js';
export type { Brand, PlaceNames, Store } from './domain/places.js';
export { type StoreAccess, storeAccess, storeAdminRoutes, storeApi } from './http.js';
export { couponRouteDocs } from './http-doc.js';
export { type RevokeStoreKeyRefusal, type StoreKeyDeps, StoreKeyService } from './service.js';
export type { StoreKeyStore, StoreKeyView } from './store.js';
