import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, auditDetail, errorSchema } from '../http/admin-router.js';
import { adminRoleSchema, newAdminTokenSchema } from './domain/roles.js';
import type { AdminAccess } from './service.js';

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

const tokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    role: adminRoleSchema,
    createdAt: z.number().int().openapi({ description: 'epoch ms' }),
    createdBy: z.string().openapi({ description: "token id of the creator, 'bootstrap' or 'cli'" }),
    revokedAt: z.number().int().nullable(),
    storeCode: z.string().nullable().openapi({
      description: 'The one store a store token acts for; null for other roles (and store tokens to re-issue)',
    }),
  })
  .openapi('AdminToken');

const CREATE_STATUS = {
  invalid_token_request: 400,
  store_code_required: 400,
  store_code_not_allowed: 400,
  store_not_found: 404,
} as const;

const auditEntry = z
  .object({
    id: z.number().int(),
    actor: z.string(),
    role: z.string(),
    method: z.string(),
    path: z.string(),
    status: z.number().int().openapi({
      description: 'HTTP status of the answer; 0 marks the attempt row written before the handler ran',
    }),
    detail: z.record(z.string(), z.unknown()).nullable(),
    at: z.number().int(),
  })
  .openapi('AuditEntry');

/** Admin tokens (create, list, revoke) and the audit log: owner only. */
export function adminAccessRoutes(access: AdminAccess): AdminRouteModule {
  return (admin) => {
    admin.route(
      createRoute({
        method: 'post',
        path: '/admin/tokens',
        summary: 'Create an admin token; the plain token is in this answer only (stored as its SHA-256)',
        description:
          'A `store` token is bound to ONE existing store (`storeCode`) and acts only for it on the store API; ' +
          'other roles take no storeCode (400 `store_code_required` / `store_code_not_allowed`).',
        request: { body: { required: true, content: json(newAdminTokenSchema) } },
        responses: {
          201: {
            description: 'The new token',
            content: json(
              z.object({
                id: z.string(),
                name: z.string(),
                role: adminRoleSchema,
                storeCode: z.string().nullable(),
                token: z.string(),
              }),
            ),
          },
          404: { description: 'store_not_found: no store with that code', content: json(errorSchema) },
        },
      }),
      'tokens',
      async (c) => {
        const r = await access.createToken(c.req.valid('json'), c.get('admin').actor);
        if (!r.ok) return c.json({ error: r.error.code, message: r.error.message }, CREATE_STATUS[r.error.code]);
        const { id, name, role, storeCode } = r.value.token;
        auditDetail(c, { tokenId: id, role, ...(storeCode !== null && { store: storeCode }) });
        return c.json({ id, name, role, storeCode, token: r.value.plain }, 201);
      },
    );

    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/tokens',
        summary: 'List admin tokens (never their hashes)',
        responses: { 200: { description: 'Tokens', content: json(z.object({ tokens: z.array(tokenView) })) } },
      }),
      'tokens',
      async (c) => c.json({ tokens: await access.listTokens() }),
    );

    admin.route(
      createRoute({
        method: 'delete',
        path: '/admin/tokens/{id}',
        summary: 'Revoke an admin token: it authenticates nothing afterwards',
        request: { params: z.object({ id: z.string().max(64) }) },
        responses: {
          200: { description: 'The revoked token', content: json(z.object({ token: tokenView })) },
          404: { description: 'No such token', content: json(errorSchema) },
        },
      }),
      'tokens',
      async (c) => {
        const r = await access.revokeToken(c.req.valid('param').id);
        return r.ok ? c.json({ token: r.value }) : c.json({ error: r.error.code }, 404);
      },
    );

    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/audit',
        summary: 'The audit log, newest first',
        request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
        responses: { 200: { description: 'Entries', content: json(z.object({ entries: z.array(auditEntry) })) } },
      }),
      'audit',
      async (c) => c.json({ entries: await access.audit(c.req.valid('query').limit) }),
    );
  };
}
