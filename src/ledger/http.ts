// Admin routes of the ledger: the point types (names, money value, issuing window, lot lifetime).
import { createRoute, z } from '@hono/zod-openapi';
import {
  type AdminRouteModule,
  codeParam,
  jsonAnswer,
  jsonBody,
  refusalAnswer,
  refused,
} from '../http/admin-router.js';
import { pointTypeSchema } from './domain/point-type.js';
import type { Ledger } from './service.js';

/** GET /admin/point-types, PUT /admin/point-types/{code} (campaigns). A change never rewrites past transfers. */
export function ledgerAdminRoutes(ledger: Ledger): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/point-types',
        summary: 'List point types',
        responses: { 200: jsonAnswer('Point types', z.object({ pointTypes: z.array(pointTypeSchema) })) },
      }),
      'campaigns',
      async (c) => c.json({ pointTypes: await ledger.pointTypes() }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/point-types/{code}',
        summary: 'Define or change a point type',
        request: { params: codeParam, body: jsonBody(pointTypeSchema.omit({ code: true })) },
        responses: {
          200: jsonAnswer('The point type', z.object({ pointType: pointTypeSchema })),
          400: refusalAnswer('Invalid input or refused change'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await ledger.definePointType({ ...c.req.valid('json'), code: c.req.valid('param').code });
        return r.ok ? c.json({ pointType: r.value }) : refused(c, r.error);
      },
    );
  };
}
