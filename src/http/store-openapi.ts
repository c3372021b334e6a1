// The store (POS) API's OpenAPI document, GET /api/store/openapi.json. The store routes are plain Hono routes (their
// handlers read and check their own input: src/purchases/http.ts, src/stores/http.ts); each module describes its
// routes here as StoreRouteDocs: the request's zod schemas, the answer, and every refusal code the route can give.
// This file adds what every store route can answer: the credential's refusals (401/403/400/404, src/stores storeAccess),
// the JSON body's (400 invalid_body, malformed_json) and the body limit's (413 payload_too_large, 400 body_unreadable).
import { OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { RouteModule } from './app.js';

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422;

export interface StoreRouteDoc {
  readonly method: 'get' | 'post';
  /** OpenAPI `{param}` syntax. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodObject;
  /** The JSON body the handler reads (and checks: 400 invalid_body / malformed_json). */
  readonly body?: z.ZodType;
  readonly answer: { readonly status: 200 | 201; readonly description: string; readonly schema: z.ZodType };
  /** Every refusal of the route's own (the credential's and the body's are added). */
  readonly refusals: Readonly<Record<string, RefusalStatus>>;
}

export const STORE_DOC_PATH = '/api/store/openapi.json';

/** What storeAccess answers for a credential that does not name a store (any store route). */
export const STORE_CREDENTIAL_REFUSALS: Readonly<Record<string, RefusalStatus>> = {
  invalid_store_key: 401,
  forbidden: 403,
  store_token_unbound: 403,
  store_mismatch: 403,
  store_code_required: 400,
  store_not_found: 404,
};
/** src/http/validation.ts jsonBody. */
const JSON_BODY_REFUSALS: Readonly<Record<string, RefusalStatus>> = { invalid_body: 400, malformed_json: 400 };
/** src/http/body-limit.ts: any request with a body. */
const BODY_LIMIT_REFUSALS: Readonly<Record<string, RefusalStatus>> = { payload_too_large: 413, body_unreadable: 400 };

/** The codes of a refusal union, every one of them: leaving one out fails tsc. */
export const allCodes =
  <T extends string>() =>
  <const A extends readonly T[]>(codes: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)): A =>
    codes;

/** `codes` with their statuses from `statuses`. */
export function statusesOf<C extends string>(
  statuses: Readonly<Record<C, RefusalStatus>>,
  codes: readonly C[],
): Record<string, RefusalStatus> {
  return Object.fromEntries(codes.map((c) => [c, statuses[c]]));
}

/** Every code a route can answer, with its status: its own, the credential's, and its body's. */
export function routeRefusals(d: StoreRouteDoc): Record<string, RefusalStatus> {
  return {
    ...STORE_CREDENTIAL_REFUSALS,
    ...(d.method === 'post' && BODY_LIMIT_REFUSALS),
    ...(d.body && JSON_BODY_REFUSALS),
    ...d.refusals,
  };
}

const errorSchema = (codes: readonly [string, ...string[]]) =>
  z.object({
    error: z.enum(codes).openapi({ description: 'A stable code' }),
    field: z.string().optional().openapi({ description: 'The input field at fault (dot path)' }),
    message: z.string().optional(),
    usedAt: z.number().int().optional().openapi({ description: 'coupon_already_used: when (epoch ms)' }),
    store: z.string().optional().openapi({ description: 'coupon_already_used: at which store' }),
    limit: z.number().int().optional().openapi({ description: 'payload_too_large: the limit in bytes' }),
  });

function toRoute(d: StoreRouteDoc): RouteConfig {
  const byStatus = new Map<RefusalStatus, string[]>();
  for (const [code, status] of Object.entries(routeRefusals(d)))
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  const refusals = Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      status,
      {
        description: `Refused, nothing written: ${codes.map((c) => `\`${c}\``).join(', ')}`,
        content: { 'application/json': { schema: errorSchema(codes as [string, ...string[]]) } },
      },
    ]),
  );
  return {
    method: d.method,
    path: d.path,
    summary: d.summary,
    ...(d.description && { description: d.description }),
    security: [{ storeKey: [] }],
    request: {
      ...(d.params && { params: d.params }),
      ...(d.body && { body: { required: true, content: { 'application/json': { schema: d.body } } } }),
    },
    responses: {
      [d.answer.status]: {
        description: d.answer.description,
        content: { 'application/json': { schema: d.answer.schema } },
      },
      ...refusals,
    },
  };
}

/** The OpenAPI 3.0 document of these store routes (and of itself). */
export function storeOpenApiDocument(docs: readonly StoreRouteDoc[], version = '0.1.0'): unknown {
  const api = new OpenAPIHono();
  api.openAPIRegistry.registerComponent('securitySchemes', 'storeKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A store key (plsk_...), or an admin token: a `store` token acts for its store, an `owner` names it in X-Store-Code',
  });
  for (const d of docs) api.openAPIRegistry.registerPath(toRoute(d));
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: STORE_DOC_PATH,
    summary: 'This document (OpenAPI 3.0); no credential needed',
    security: [],
    responses: { 200: { description: 'The OpenAPI document' } },
  });
  return api.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: 'pointloop store API',
      version,
      description:
        'The POS side: purchases and refunds, checkout offset and holds, coupons at the till. Amounts are integer ' +
        'minor units (NT$1 = 100). Bodies: at most 64 KB. Every refusal writes nothing.',
    },
    security: [{ storeKey: [] }],
  });
}

/** GET /api/store/openapi.json: the document, built once. It describes routes only, so it needs no credential. */
export function storeOpenApi(docs: readonly StoreRouteDoc[], version?: string): RouteModule {
  let doc: unknown;
  return (app: Hono) => {
    app.get(STORE_DOC_PATH, (c) => {
      doc ??= storeOpenApiDocument(docs, version);
      return c.json(doc as Record<string, unknown>);
    });
  };
}
