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
import { isoInstant, isoTime, isoTimeAnswer } from '../http/time-schema.js';
import { type PointType, pointTypeSchema } from './domain/point-type.js';
import type { Ledger } from './service.js';

const pointTypeBody = pointTypeSchema
  .omit({ code: true })
  .extend({ issueFrom: isoInstant.nullable().optional(), issueTo: isoInstant.nullable().optional() });
const pointTypeAnswer = pointTypeSchema.extend({
  issueFrom: isoTimeAnswer.nullable(),
  issueTo: isoTimeAnswer.nullable(),
});
/** A point type as the API answers it: times in ISO 8601. */
const view = (p: PointType) => ({ ...p, issueFrom: isoTime(p.issueFrom), issueTo: isoTime(p.issueTo) });

/** GET /admin/point-types, PUT /admin/point-types/{code} (campaigns). A change never rewrites past transfers. */
export function ledgerAdminRoutes(ledger: Ledger): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/point-types',
        summary: 'List point types',
        responses: { 200: jsonAnswer('Point types', z.object({ pointTypes: z.array(pointTypeAnswer) })) },
      }),
      'campaigns',
      async (c) => c.json({ pointTypes: (await ledger.pointTypes()).map(view) }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/point-types/{code}',
        summary: 'Define or change a point type',
        request: { params: codeParam, body: jsonBody(pointTypeBody) },
        responses: {
          200: jsonAnswer('The point type', z.object({ pointType: pointTypeAnswer })),
          400: refusalAnswer('Invalid input or refused change'),
        },
      }),
      'campaigns',
      async (c) => {
        const r = await ledger.definePointType({ ...c.req.valid('json'), code: c.req.valid('param').code });
        return r.ok ? c.json({ pointType: view(r.value) }) : refused(c, r.error);
      },
    );
  };
}
