// Admin routes of brands and store definitions (area `stores`). Store keys' routes are in ./http.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, jsonAnswer, jsonBody, refusalAnswer } from '../http/admin-router.js';
import type { StoreDirectory } from './directory.js';
import { brandBodySchema, PLACE_CODE_PATTERN, placeNamesSchema, storeBodySchema } from './domain/places.js';

const placeCode = z.string().regex(PLACE_CODE_PATTERN, 'letters, digits, _ and -, at most 32');
const codeParam = z.object({ code: placeCode.openapi({ description: 'letters, digits, _ and -, at most 32' }) });

const brandView = z
  .object({ code: z.string(), names: placeNamesSchema, createdAt: z.number().int(), updatedAt: z.number().int() })
  .openapi('Brand');

const storeView = z
  .object({
    code: z.string(),
    brand: z.string(),
    names: placeNamesSchema,
    opensOn: z.string().nullable().openapi({ description: 'local date YYYY-MM-DD (program timezone), or null' }),
    createdAt: z.number().int(),
  })
  .openapi('Store');

/**
 * PUT /admin/brands/{code}, GET /admin/brands, PUT /admin/stores/{code}, GET /admin/stores. A PUT replaces the
 * definition (an omitted opensOn is null). Stores are never deleted: store keys and tokens are bound to them.
 */
export function directoryAdminRoutes(directory: StoreDirectory): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/brands/{code}',
        summary: 'Define or rename a brand (a group may run several; each store belongs to one)',
        request: { params: codeParam, body: jsonBody(brandBodySchema) },
        responses: { 200: jsonAnswer('The brand', z.object({ brand: brandView })) },
      }),
      'stores',
      async (c) => c.json({ brand: await directory.defineBrand(c.req.valid('param').code, c.req.valid('json').names) }),
    );
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/brands',
        summary: 'List brands (`default` holds the stores made before brands existed)',
        responses: { 200: jsonAnswer('Brands', z.object({ brands: z.array(brandView) })) },
      }),
      'stores',
      async (c) => c.json({ brands: await directory.brands() }),
    );
    admin.route(
      createRoute({
        method: 'put',
        path: '/admin/stores/{code}',
        summary: "Define a store: its brand, names and opening date (for earn rules' opening periods)",
        request: { params: codeParam, body: jsonBody(storeBodySchema) },
        responses: {
          200: jsonAnswer('The store', z.object({ store: storeView })),
          422: refusalAnswer('brand_not_found (field brand)'),
        },
      }),
      'stores',
      async (c) => {
        const body = c.req.valid('json');
        const r = await directory.defineStore({
          code: c.req.valid('param').code,
          ...body,
          opensOn: body.opensOn ?? null,
        });
        if (!r.ok) return c.json({ error: r.error.code, field: 'brand', message: `no brand ${body.brand}` }, 422);
        return c.json({ store: r.value });
      },
    );
    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/stores',
        summary: 'List stores, by brand and code',
        request: { query: z.object({ brand: placeCode.optional().openapi({ description: 'one brand' }) }) },
        responses: { 200: jsonAnswer('Stores', z.object({ stores: z.array(storeView) })) },
      }),
      'stores',
      async (c) => c.json({ stores: await directory.stores(c.req.valid('query').brand) }),
    );
  };
}
