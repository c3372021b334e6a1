import { OpenAPIHono, type RouteConfig, type RouteHandler, z } from '@hono/zod-openapi';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  type AdminArea,
  type AdminRole,
  isUnboundStoreToken,
  rolesFor,
  UNBOUND_STORE_TOKEN,
} from '../admin/domain/roles.js';
import type { AdminAccess, AdminPrincipal } from '../admin/index.js';
import type { Logger } from '../kernel/logger.js';
import type { RouteModule } from './app.js';
import { bearerToken, secretsEqual } from './auth.js';
import { issueCode } from './time-schema.js';

/**
 * The admin HTTP surface: one OpenAPIHono app under /admin, described at GET /admin/openapi.json.
 *
 * Every /admin/* request needs `Authorization: Bearer <token>`: the bootstrap ADMIN_TOKEN (actor 'bootstrap',
 * role owner) or an admin token (`plat_...`, stored hashed). A missing or unknown token gets 401 `unauthorized`;
 * a valid token whose role may not use the route gets 403 `forbidden` (the rules: src/admin/domain/roles.ts); a store
 * token issued before tokens were bound to one store gets 403 `store_token_unbound`. Bodies are at most 64 KB
 * (src/http/body-limit.ts, applied by createHttpApp: 413 `payload_too_large`).
 * Every write (any method but GET/HEAD/OPTIONS) by an authenticated caller is recorded in audit_log once the
 * handler has answered, refusals included: actor, role, method, concrete path, status, and a small detail
 * (the route template, its parameters, and whatever the handler added with `auditDetail`).
 *
 * Adding routes from another module: export an AdminRouteModule and pass it to adminApi({ modules: [...] })
 * in src/main/node.ts and src/main/worker.ts. Paths use OpenAPI `{param}` syntax; bodies, params and queries are
 * zod schemas (`z` from '@hono/zod-openapi'), validated before the handler runs (bad input: 400
 * `{ error: 'invalid_body', field, message }`, malformed JSON: 400 `malformed_json`); 401/403/400 answers are
 * added to the document for you.
 *
 *   export const segmentRoutes = (segments: SegmentService): AdminRouteModule => (admin) => {
 *     admin.route(
 *       createRoute({
 *         method: 'put',
 *         path: '/admin/segments/{code}',
 *         summary: 'Define a segment',
 *         request: {
 *           params: z.object({ code: z.string() }),
 *           body: { required: true, content: { 'application/json': { schema: segmentBodySchema } } },
 *         },
 *         responses: { 200: { description: 'The segment', content: { 'application/json': { schema: anySchema } } } },
 *       }),
 *       'segments', // an area of src/domain/admin/roles.ts, or a list of roles: ['owner', 'staff']
 *       async (c) => {
 *         const body = c.req.valid('json');
 *         const r = await segments.define(c.req.valid('param').code, body);
 *         auditDetail(c, { segment: c.req.valid('param').code }); // optional: more detail for the audit row
 *         return r.ok ? c.json({ segment: r.value }) : c.json({ error: r.error.code }, 409);
 *       },
 *     );
 *   };
 */
export interface AdminRouter {
  route<R extends RouteConfig>(def: R, access: AdminAccessRule, handler: AdminHandler<R>): void;
}
export type AdminRouteModule = (admin: AdminRouter) => void;

/** Who may call a route: an area of the role table, or an explicit list of roles. */
export type AdminAccessRule = AdminArea | readonly AdminRole[];

export type AdminEnv = {
  Variables: {
    admin: AdminPrincipal;
    adminRoute: { route: string; params: Record<string, string> };
    auditDetail: Record<string, unknown>;
  };
};

/** A route handler: its context knows the validated input (`c.req.valid('json' | 'param' | 'query')`). */
export type AdminHandler<R extends RouteConfig> = (
  c: Parameters<RouteHandler<R, AdminEnv>>[0],
) => Response | Promise<Response>;

/** Resolves a bearer token to the caller, or undefined. */
export type AdminAuthenticate = (token: string) => Promise<AdminPrincipal | undefined>;

/** ADMIN_TOKEN (constant-time comparison) is the bootstrap owner; anything else is looked up as an admin token. */
export function adminAuthenticator(o: { adminToken: string | undefined; access: AdminAccess }): AdminAuthenticate {
  return async (token) => {
    if (o.adminToken && (await secretsEqual(token, o.adminToken))) return { actor: 'bootstrap', role: 'owner' };
    return o.access.authenticate(token);
  };
}

/** Adds to the audit row of this request (ids, codes; never tokens, phone numbers or other personal data). */
export function auditDetail(c: Context, detail: Record<string, unknown>): void {
  c.set('auditDetail', { ...(c.get('auditDetail') as Record<string, unknown> | undefined), ...detail });
}

export const errorSchema = z
  .object({
    error: z.string().openapi({ description: 'A stable code, e.g. invalid_body, forbidden, token_not_found' }),
    field: z.string().optional().openapi({ description: 'The input field at fault (dot path)' }),
    message: z.string().optional(),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: errorSchema } };
const WRITE = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);
const MAX_PARAM = 64;

export const DOC_PATH = '/admin/openapi.json';

export function createAdminRoutes(o: {
  authenticate: AdminAuthenticate;
  access: AdminAccess;
  modules: readonly AdminRouteModule[];
  version?: string;
  /** One line per admin write: method, route template, status, the caller's actor and role (never the body). */
  log?: Logger;
}): RouteModule {
  return (app: Hono) => {
    const api = new OpenAPIHono<AdminEnv>({
      defaultHook: (result, c) => {
        if (result.success) return;
        const issue = result.error.issues[0];
        const error = issueCode(
          issue,
          result.target === 'json' ? 'invalid_body' : result.target === 'query' ? 'invalid_query' : 'invalid_params',
        );
        return c.json(
          { error, field: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? 'invalid' },
          400,
        );
      },
    });
    // What the JSON validators throw, answered like src/adapters/http/validation.ts; anything else is a fault,
    // left to the app's error handler (logged, bare 500).
    api.onError((error, c) => {
      if (error instanceof HTTPException && error.status === 400)
        return c.json({ error: 'malformed_json', message: 'body must be JSON' }, 400);
      if (error instanceof HTTPException && error.status === 415)
        return c.json({ error: 'unsupported_media_type', message: 'send the body as application/json' }, 415);
      throw error;
    });

    // The outcome row is written after the handler (and everything after authentication) has answered; an
    // allowed write also has an 'attempt' row written before its handler runs (see authorize below).
    /** One audit row for this request: `status` 0 is the attempt, anything else the answer. */
    const audit = (
      c: Context<AdminEnv>,
      principal: AdminPrincipal,
      status: number,
      extra?: Record<string, unknown>,
    ) => {
      const route = c.get('adminRoute') as AdminEnv['Variables']['adminRoute'] | undefined;
      return o.access.recordAudit({
        actor: principal.actor,
        role: principal.role,
        method: c.req.method,
        path: c.req.path,
        status,
        detail: route ? { route: route.route, ...params(route.params), ...extra } : (extra ?? null),
      });
    };
    api.use('/admin/*', async (c, next) => {
      await next();
      const principal = c.get('admin') as AdminPrincipal | undefined;
      if (!principal || !WRITE(c.req.method)) return;
      await audit(c, principal, c.res.status, c.get('auditDetail') as Record<string, unknown> | undefined);
      const route = (c.get('adminRoute') as AdminEnv['Variables']['adminRoute'] | undefined)?.route ?? 'unknown';
      o.log?.info(
        { admin: { method: c.req.method, route, status: c.res.status, actor: principal.actor, role: principal.role } },
        'admin write',
      );
    });
    api.use('/admin/*', async (c, next) => {
      const token = bearerToken(c.req.header('authorization'));
      const principal = token ? await o.authenticate(token) : undefined;
      if (!principal) return c.json({ error: 'unauthorized', message: 'admin bearer token required' }, 401);
      c.set('admin', principal);
      await next();
    });

    api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'ADMIN_TOKEN (bootstrap owner) or an admin token (plat_...)',
    });

    const router: AdminRouter = {
      route(def, access, handler) {
        // Authentication and the audit log cover /admin/* only: a route elsewhere would bypass both.
        if (!def.path.startsWith('/admin/')) throw new Error(`admin route outside /admin/: ${def.path}`);
        const roles = typeof access === 'string' ? rolesFor(access) : [...access];
        const honoPath = def.path.replaceAll(/\/{(.+?)}/g, '/:$1');
        const authorize: MiddlewareHandler<AdminEnv> = async (c, next) => {
          c.set('adminRoute', { route: honoPath, params: c.req.param() as Record<string, string> });
          const { role } = c.get('admin');
          if (!roles.includes(role)) {
            return c.json(
              { error: 'forbidden', message: `role ${role} may not ${def.method.toUpperCase()} ${def.path}` },
              403,
            );
          }
          if (isUnboundStoreToken(c.get('admin'))) return c.json(UNBOUND_STORE_TOKEN, 403);
          if (WRITE(c.req.method)) {
            // Committed before the handler can change anything: no admin change without an audit row, even if the
            // outcome row below fails to be written (status 0 = attempted; the outcome row follows with its status).
            await audit(c, c.get('admin'), 0, { phase: 'attempt' });
          }
          await next();
        };
        const hasInput = Boolean(def.request?.body || def.request?.params || def.request?.query);
        const documented = {
          ...def,
          security: [{ bearer: [] }],
          description: [def.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n'),
          responses: {
            ...(hasInput && { 400: { description: 'Invalid input', content: errorContent } }),
            401: { description: 'Missing or unknown token', content: errorContent },
            403: { description: 'The role may not use this route', content: errorContent },
            ...def.responses,
          },
          middleware: [authorize],
        };
        // The handler's own type was checked against `def` by the caller; the documented copy only adds answers.
        api.openapi(documented as RouteConfig, handler as never);
      },
    };
    for (const mount of o.modules) mount(router);

    router.route(
      {
        method: 'get',
        path: DOC_PATH,
        summary: 'This document (OpenAPI 3.0)',
        responses: { 200: { description: 'The OpenAPI document' } },
      },
      'docs',
      (c) =>
        c.json(
          api.getOpenAPIDocument({
            openapi: '3.0.3',
            info: {
              title: 'pointloop admin API',
              version: o.version ?? '0.1.0',
              description: 'Brand administration: tokens and roles, program definitions, the audit log.',
            },
            security: [{ bearer: [] }],
          }),
        ),
    );

    app.route('/', api);
  };
}

function params(p: Record<string, string>): { params?: Record<string, string> } {
  return Object.keys(p).length === 0
    ? {}
    : { params: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.slice(0, MAX_PARAM)])) };
}

// Shorthands for route definitions and answers shared by the modules' admin routes.
const jsonOf = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
/** A required JSON request body. */
export const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, content: jsonOf(schema) });
/** A JSON answer. */
export const jsonAnswer = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: jsonOf(schema),
});
/** An error answer (`{ error, message? }`). */
export const refusalAnswer = (description: string) => ({ description, content: jsonOf(errorSchema) });
/** The `{code}` path parameter. */
export const codeParam = z.object({ code: z.string() });
/** 400 with a use case's refusal: `{ error: code, message }`. */
export const refused = (c: Context, e: { code: string; message: string }) =>
  c.json({ error: e.code, message: e.message }, 400);
