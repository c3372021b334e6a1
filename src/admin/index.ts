// What other modules may use of admin.
export { sqlAdminAccessStore } from './db/admin-sql.js';
export type { AdminPrincipal, AdminTokenView } from './service.js';
export { AdminAccess } from './service.js';
