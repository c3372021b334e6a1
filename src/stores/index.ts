// Stores and their POS keys, and the store API: what other modules may use.
export { sqlStoreKeyStore } from './db/stores-sql.js';
export { storeAdminRoutes, storeApi } from './http.js';
export { type StoreKeyDeps, StoreKeyService } from './service.js';
export type { StoreKeyStore } from './store.js';
