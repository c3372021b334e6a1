import { adminAccessRoutes } from '../admin/http.js';
import type { AdminAccess } from '../admin/index.js';
import type { Logger } from '../kernel/logger.js';
import type { Ledger } from '../ledger/index.js';
import { ledgerAdminRoutes } from '../ledger/index.js';
import { type AdminRouteModule, adminAuthenticator, createAdminRoutes } from './admin-router.js';
import type { RouteModule } from './app.js';

/**
 * Admin API for brand staff: the point types, the program's definitions its modules add (check-in reward, welcome
 * bonus, giveaways, catalogue items, store keys, coupon cancellation: `program`), admin tokens and the audit log,
 * then the other features' routes (`modules`). Roles, authentication, validation, the audit log and the OpenAPI
 * document (GET /admin/openapi.json) are in ./admin-router.ts; the document lists the routes in that order.
 * A change never rewrites history: transfers keep the reasons they were made with.
 */
export function adminApi(o: {
  adminToken: string | undefined;
  ledger: Ledger;
  access: AdminAccess;
  /** The program's definitions, mounted before admin tokens and the audit log: see AdminRouteModule. */
  program?: readonly AdminRouteModule[];
  /** More admin routes (segments, broadcasts, member tags...): see AdminRouteModule. */
  modules?: readonly AdminRouteModule[];
  /** Where each admin write is logged (see createAdminRoutes). */
  log?: Logger;
}): RouteModule {
  return createAdminRoutes({
    authenticate: adminAuthenticator({ adminToken: o.adminToken, access: o.access }),
    access: o.access,
    ...(o.log && { log: o.log }),
    modules: [ledgerAdminRoutes(o.ledger), ...(o.program ?? []), adminAccessRoutes(o.access), ...(o.modules ?? [])],
  });
}
