// Admin routes of earn rules and multipliers (area `campaigns`), and the preview of a purchase's points.
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, type AdminRouter, jsonAnswer, jsonBody, refusalAnswer } from '../http/admin-router.js';
import { EARN_CODE_PATTERN, earnRuleSchema, multiplierSchema, scopeSchema } from './domain/rule.js';
import { previewRoute } from './http-preview.js';
import type { DefineRefusal, EarnService } from './service.js';

const codeParam = z.object({ code: z.string().regex(EARN_CODE_PATTERN, 'letters, digits, _ and -, at most 32') });
const stamps = { createdAt: z.number().int(), updatedAt: z.number().int() };

// Tiers do not exist yet: the admin API refuses them (strict) rather than store a scope nobody can match.
const adminScope = z
  .strictObject(scopeSchema.omit({ tiers: true }).shape)
  .default({ brands: [], stores: [], memberTags: [] })
  .openapi({ description: 'Empty lists mean any. memberTags: the member has at least one of them.' });

const ruleBody = z.object({ ...earnRuleSchema.shape, scope: adminScope }).omit({ code: true });
const multiplierBody = z.object({ ...multiplierSchema.shape, scope: adminScope }).omit({ code: true });
const ruleView = z.object({ ...earnRuleSchema.shape, ...stamps }).openapi('EarnRule');
const multiplierView = z.object({ ...multiplierSchema.shape, ...stamps }).openapi('EarnMultiplier');

const DEFINE_ANSWERS = {
  400: refusalAnswer('invalid_body: a field, or the definition as a whole (field says which)'),
  422: refusalAnswer('unknown_point_type, unknown_brand or unknown_store (field says which)'),
};

/** 400 for a definition the schema refuses, 422 for one naming what does not exist; both with the field. */
const refusedDefinition = (e: DefineRefusal) =>
  [{ error: e.code, field: e.field, message: e.message }, e.code === 'invalid_body' ? 400 : 422] as const;

/**
 * /admin/earn-rules and /admin/earn-multipliers: PUT (create or replace), GET (one or all), DELETE; and
 * POST /admin/earn-rules/preview. A change never rewrites past purchases: each purchase copies what applied.
 */
export function earnAdminRoutes(earn: EarnService): AdminRouteModule {
  return (admin) => {
    previewRoute(admin, earn);
    ruleRoutes(admin, earn);
    multiplierRoutes(admin, earn);
  };
}

function ruleRoutes(admin: AdminRouter, earn: EarnService): void {
  admin.route(
    createRoute({
      method: 'get',
      path: '/admin/earn-rules',
      summary: 'List earn rules, in the order they apply (priority, then code)',
      responses: { 200: jsonAnswer('Earn rules', z.object({ rules: z.array(ruleView) })) },
    }),
    'campaigns',
    async (c) => c.json({ rules: await earn.rules() }),
  );
  admin.route(
    createRoute({
      method: 'get',
      path: '/admin/earn-rules/{code}',
      summary: 'One earn rule',
      request: { params: codeParam },
      responses: { 200: jsonAnswer('The rule', z.object({ rule: ruleView })), 404: refusalAnswer('rule_not_found') },
    }),
    'campaigns',
    async (c) => {
      const rule = await earn.rule(c.req.valid('param').code);
      return rule ? c.json({ rule }, 200) : c.json({ error: 'rule_not_found' }, 404);
    },
  );
  admin.route(
    createRoute({
      method: 'put',
      path: '/admin/earn-rules/{code}',
      summary: 'Define or replace an earn rule (spend, product_amount or product_quantity)',
      request: { params: codeParam, body: jsonBody(ruleBody) },
      responses: { 200: jsonAnswer('The rule', z.object({ rule: ruleView })), ...DEFINE_ANSWERS },
    }),
    'campaigns',
    async (c) => {
      const r = await earn.defineRule({ ...c.req.valid('json'), code: c.req.valid('param').code });
      return r.ok ? c.json({ rule: r.value }, 200) : c.json(...refusedDefinition(r.error));
    },
  );
  admin.route(
    createRoute({
      method: 'delete',
      path: '/admin/earn-rules/{code}',
      summary: 'Delete an earn rule (past purchases keep what it earned them)',
      request: { params: codeParam },
      responses: {
        200: jsonAnswer('Deleted', z.object({ deleted: z.string() })),
        404: refusalAnswer('rule_not_found'),
      },
    }),
    'campaigns',
    async (c) => {
      const r = await earn.deleteRule(c.req.valid('param').code);
      return r.ok ? c.json({ deleted: r.value.code }, 200) : c.json({ error: r.error.code }, 404);
    },
  );
}

function multiplierRoutes(admin: AdminRouter, earn: EarnService): void {
  admin.route(
    createRoute({
      method: 'get',
      path: '/admin/earn-multipliers',
      summary: 'List member-day and weekday multipliers',
      responses: { 200: jsonAnswer('Multipliers', z.object({ multipliers: z.array(multiplierView) })) },
    }),
    'campaigns',
    async (c) => c.json({ multipliers: await earn.multipliers() }),
  );
  admin.route(
    createRoute({
      method: 'put',
      path: '/admin/earn-multipliers/{code}',
      summary: 'Define or replace a multiplier: days of the month and/or weekdays, a factor, a scope, rule kinds',
      description: 'When several multipliers apply to a rule, the highest factor wins; they never multiply each other.',
      request: { params: codeParam, body: jsonBody(multiplierBody) },
      responses: { 200: jsonAnswer('The multiplier', z.object({ multiplier: multiplierView })), ...DEFINE_ANSWERS },
    }),
    'campaigns',
    async (c) => {
      const r = await earn.defineMultiplier({ ...c.req.valid('json'), code: c.req.valid('param').code });
      return r.ok ? c.json({ multiplier: r.value }, 200) : c.json(...refusedDefinition(r.error));
    },
  );
  admin.route(
    createRoute({
      method: 'delete',
      path: '/admin/earn-multipliers/{code}',
      summary: 'Delete a multiplier',
      request: { params: codeParam },
      responses: {
        200: jsonAnswer('Deleted', z.object({ deleted: z.string() })),
        404: refusalAnswer('multiplier_not_found'),
      },
    }),
    'campaigns',
    async (c) => {
      const r = await earn.deleteMultiplier(c.req.valid('param').code);
      return r.ok ? c.json({ deleted: r.value.code }, 200) : c.json({ error: r.error.code }, 404);
    },
  );
}
