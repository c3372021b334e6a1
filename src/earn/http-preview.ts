// POST /admin/earn-rules/preview: the points a purchase would earn under the rules as they are, writing nothing.

import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouter, auditDetail, jsonAnswer, jsonBody, refusalAnswer } from '../http/admin-router.js';
import { isoInstant, isoTime, isoTimeAnswer } from '../http/time-schema.js';
import { PLACE_CODE_PATTERN } from '../stores/domain/places.js';
import { EARN_KINDS, MAX_AMOUNT } from './domain/rule.js';
import type { EarnService } from './service.js';

const money = z.number().int().openapi({ description: 'integer minor units (NT$1 = 100)' });

const itemSchema = z.object({
  sku: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(10_000),
  amount: z.number().int().min(0).max(MAX_AMOUNT).openapi({ description: 'the line in all, minor units' }),
  labels: z.array(z.string().min(1).max(40)).max(20).optional(),
});

// An ISO 8601 instant with its offset ("2026-05-05T12:00:00+08:00"), as every time in the admin API.
const instant = isoInstant;

export const previewBody = z.object({
  store: z.string().regex(PLACE_CODE_PATTERN, 'a store code'),
  member: z
    .union([
      z.strictObject({ id: z.string().min(1).max(64) }),
      z.strictObject({ memberCode: z.string().min(1).max(32) }),
    ])
    .optional()
    .openapi({ description: "a member by id or member code: the rules see the member's tags" }),
  tags: z
    .array(z.string().min(1).max(40))
    .max(20)
    .optional()
    .openapi({ description: 'tags to try without a member (not with member)' }),
  amount: money.min(1).max(MAX_AMOUNT),
  items: z.array(itemSchema).min(1).max(200).optional().openapi({ description: 'when given, they add up to amount' }),
  at: instant.optional().openapi({ description: 'when the purchase happens (default: now): epoch ms or ISO 8601' }),
});

const lineView = z.object({
  rule: z.object({
    code: z.string(),
    kind: z.enum(EARN_KINDS),
    names: z.object({ 'zh-TW': z.string(), en: z.string() }),
  }),
  pointType: z.string(),
  base: z.number().int().openapi({ description: 'points before a multiplier' }),
  multiplier: z
    .object({ code: z.string(), names: z.object({ 'zh-TW': z.string(), en: z.string() }), factor: z.number() })
    .nullable(),
  points: z.number().int(),
  lifetime: z.unknown().nullable().openapi({ description: "the lots' lifetime; null: the point type's default" }),
});

const previewView = z
  .object({
    store: z.object({ code: z.string(), brand: z.string() }),
    member: z.object({ code: z.string(), tags: z.array(z.string()) }).nullable(),
    at: isoTimeAnswer,
    localDate: z.string(),
    earned: z.array(lineView),
    totals: z.array(z.object({ pointType: z.string(), points: z.number().int() })),
    skipped: z.array(z.object({ rule: z.string(), reason: z.string() })),
  })
  .openapi('EarnPreview');

export function previewRoute(admin: AdminRouter, earn: EarnService): void {
  admin.route(
    createRoute({
      method: 'post',
      path: '/admin/earn-rules/preview',
      summary: "A purchase's points under today's rules and multipliers, without writing anything",
      request: { body: jsonBody(previewBody) },
      responses: {
        200: jsonAnswer('What it would earn, rule by rule, and why the other rules earn nothing', previewView),
        400: refusalAnswer('invalid_body, items_mismatch (items do not add up to amount), member_and_tags'),
        404: refusalAnswer('store_not_found (field store), member_not_found (field member)'),
      },
    }),
    'campaigns',
    async (c) => {
      const body = c.req.valid('json');
      const sum = body.items?.reduce((s, i) => s + i.amount, 0);
      if (sum !== undefined && sum !== body.amount) {
        const message = `items add up to ${sum}, not the amount ${body.amount}`;
        return c.json({ error: 'items_mismatch', field: 'items', message }, 400);
      }
      if (body.member && body.tags) {
        const message = 'the member brings their own tags: send member or tags, not both';
        return c.json({ error: 'member_and_tags', field: 'tags', message }, 400);
      }
      const { at, ...purchase } = body;
      const r = await earn.quote({
        ...purchase,
        ...(at !== undefined && { at }),
      });
      auditDetail(c, { store: body.store });
      if (!r.ok) return c.json({ error: r.error.code, field: r.error.field }, 404);
      return c.json({ ...r.value, at: isoTime(r.value.at) }, 200);
    },
  );
}
