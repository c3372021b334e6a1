// GET /admin/reports/refund-shortfalls: the brand's report of refunds that wanted back more points than the member's
// wallet still held (they had spent them). Members appear by member code only: no name, no phone.
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, jsonAnswer } from '../http/admin-router.js';
import { localDate, startOfLocalDate } from '../kernel/time.js';
import type { RefundService } from './refunds.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;

const query = z.object({
  brand: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/)
    .optional()
    .openapi({ description: 'one brand (default: all)' }),
  from: z.string().regex(DATE).optional().openapi({ description: 'first local date (default: 30 days ago)' }),
  to: z.string().regex(DATE).optional().openapi({ description: 'last local date, included (default: today)' }),
});
const row = z.object({
  store: z.string(),
  receipt: z.string(),
  refund: z.string(),
  memberCode: z.string(),
  pointType: z.string(),
  wanted: z.number().int().openapi({ description: 'points the refund was due to take back' }),
  taken: z.number().int().openapi({ description: 'points it took' }),
  shortfall: z.number().int(),
  at: z.number().int().openapi({ description: 'epoch ms' }),
});
const total = z.object({
  pointType: z.string(),
  wanted: z.number().int(),
  taken: z.number().int(),
  shortfall: z.number().int(),
});
const report = z.object({
  from: z.string(),
  to: z.string(),
  brand: z.string().nullable(),
  refunds: z.array(row),
  totals: z.array(total),
  truncated: z.boolean().openapi({ description: 'more than 1,000 refunds matched: narrow the period' }),
});

export function refundReportRoutes(
  refunds: RefundService,
  o: { timeZone: string; now: () => number },
): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/reports/refund-shortfalls',
        summary: 'Refunds that could not take back all the points they were due (the member had spent them)',
        description: 'Dates are local dates in the program timezone; members by member code only.',
        request: { query },
        responses: { 200: jsonAnswer('The refunds with a shortfall, oldest first, and totals per point type', report) },
      }),
      ['owner', 'staff'],
      async (c) => {
        const q = c.req.valid('query');
        const today = localDate(o.now(), o.timeZone);
        const to = q.to ?? today;
        const from = q.from ?? localDate(startOfLocalDate(to, o.timeZone) - 29 * DAY, o.timeZone);
        const [start, end] = [startOfLocalDate(from, o.timeZone), startOfLocalDate(to, o.timeZone) + DAY];
        if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end)
          return c.json({ error: 'invalid_query', field: 'from', message: 'from and to: dates, from <= to' }, 400);
        const r = await refunds.shortfalls({ from: start, to: end, ...(q.brand && { brand: q.brand }) });
        return c.json({ from, to, brand: q.brand ?? null, ...r });
      },
    );
  };
}
