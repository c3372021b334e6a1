// Admin routes for segments, member tags and broadcasts (staff and owner). A broadcast created for now starts in
// the background (Defer: waitUntil on Workers); a scheduled one is started by the scheduler when it comes due.
import { createRoute, z } from '@hono/zod-openapi';
import type { Reply } from '../conversation/domain/replies.js';
import { type AdminRouteModule, auditDetail, errorSchema } from '../http/admin-router.js';
import type { Defer } from '../http/defer.js';
import { isoInstant, isoTime } from '../http/time-schema.js';
import type { Channel } from '../kernel/channel.js';
import { LANGUAGES } from '../kernel/i18n/language.js';
import { broadcastContentSchema, broadcastReplies } from './domain/content.js';
import { segmentCodeSchema, segmentFilterSchema, segmentSchema, tagSchema } from './domain/segment.js';
import type { BroadcastService } from './service.js';
import type { BroadcastRecord } from './store.js';

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const anything = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ 200: { description, content: json(anything) } });
const notFound = { 404: { description: 'Not found', content: json(anything) } };

const broadcastBody = z.object({
  name: z.string().trim().min(1).max(80),
  segment: segmentCodeSchema,
  content: broadcastContentSchema,
  /** ISO 8601 with an offset; omitted: now. */
  scheduledAt: isoInstant.optional(),
});

/** `{ filter }`; a bare filter (the old shape: it has no `filter` key, the filter being strict) is wrapped. */
const segmentPreviewBody = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('filter' in v) ? { filter: v } : v),
  z.object({ filter: segmentFilterSchema }),
);

/** What each channel would send for these replies (LINE messages, WhatsApp bodies, the simulator's view). */
export type BroadcastPreviewRenderer = (replies: readonly Reply[], channel: Channel) => unknown;

const refusedContent = {
  400: {
    description:
      'Invalid input, or a button naming an unknown or ended giveaway or catalogue item (unknown_giveaway, ' +
      'giveaway_ended, unknown_item, item_ended)',
    content: json(errorSchema),
  },
};

const CONTENT_REFUSALS: readonly string[] = ['unknown_giveaway', 'giveaway_ended', 'unknown_item', 'item_ended'];

/** A broadcast as the API answers it: times in ISO 8601. */
const broadcastView = (b: BroadcastRecord) => ({
  ...b,
  scheduledAt: isoTime(b.scheduledAt),
  createdAt: isoTime(b.createdAt),
  startedAt: isoTime(b.startedAt),
  finishedAt: isoTime(b.finishedAt),
  cancelledAt: isoTime(b.cancelledAt),
});

const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,40}$/) });
const memberParam = z.object({ memberId: z.string().min(1).max(64) });

export function broadcastApi(
  broadcasts: BroadcastService,
  defer: Defer,
  render?: BroadcastPreviewRenderer,
): AdminRouteModule {
  return (admin) => {
    segmentRoutes(admin, broadcasts);
    if (render) previewRoute(admin, broadcasts, render);
    broadcastRoutes(admin, broadcasts, defer);
  };
}

type Admin = Parameters<AdminRouteModule>[0];

function segmentRoutes(admin: Admin, broadcasts: BroadcastService): void {
  admin.route(
    createRoute({ method: 'get', path: '/admin/segments', summary: 'List segments', responses: ok('Segments') }),
    'segments',
    async (c) => c.json({ segments: await broadcasts.segments() }),
  );
  admin.route(
    createRoute({
      method: 'put',
      path: '/admin/segments/{code}',
      summary: 'Define or change a segment (a saved filter over members)',
      request: {
        params: z.object({ code: segmentCodeSchema }),
        body: { required: true, content: json(segmentSchema) },
      },
      responses: ok('The segment and its size now'),
    }),
    'segments',
    async (c) => {
      const { code } = c.req.valid('param');
      const body = c.req.valid('json');
      const segment = await broadcasts.defineSegment(code, body.name, body.filter);
      return c.json({ segment, preview: await broadcasts.preview(segment.filter) });
    },
  );
  admin.route(
    createRoute({
      method: 'get',
      path: '/admin/segments/{code}/preview',
      summary: "A segment's size now: members, sendable, and skipped by reason",
      request: { params: z.object({ code: segmentCodeSchema }) },
      responses: { ...ok('Counts'), ...notFound },
    }),
    'segments',
    async (c) => {
      const segment = await broadcasts.segment(c.req.valid('param').code);
      if (!segment) return c.json({ error: 'segment_not_found' }, 404);
      return c.json({ segment: segment.code, preview: await broadcasts.preview(segment.filter) });
    },
  );
  admin.route(
    createRoute({
      method: 'post',
      path: '/admin/segments/preview',
      summary: 'Preview an unsaved filter',
      description:
        'The body is `{ filter }`, as in PUT /admin/segments/{code} (without its name). Deprecated: a bare filter ' +
        'is still read as one until the next version.',
      request: { body: { required: true, content: json(segmentPreviewBody) } },
      responses: ok('Counts'),
    }),
    'segments',
    async (c) => c.json({ preview: await broadcasts.preview(c.req.valid('json').filter) }),
  );

  admin.route(
    createRoute({
      method: 'post',
      path: '/admin/members/{memberId}/tags',
      summary: 'Tag a member',
      request: {
        params: memberParam,
        body: { required: true, content: json(z.object({ tags: z.array(tagSchema).min(1).max(20) })) },
      },
      responses: { ...ok("The member's tags"), ...notFound },
    }),
    'member_tags',
    async (c) => {
      const r = await broadcasts.tag(c.req.valid('param').memberId, c.req.valid('json').tags);
      return r.ok ? c.json({ tags: r.value }) : c.json({ error: r.error.code, message: r.error.message }, 404);
    },
  );
  admin.route(
    createRoute({
      method: 'delete',
      path: '/admin/members/{memberId}/tags/{tag}',
      summary: 'Remove a tag from a member',
      request: { params: memberParam.extend({ tag: tagSchema }) },
      responses: { ...ok("The member's tags"), ...notFound },
    }),
    'member_tags',
    async (c) => {
      const p = c.req.valid('param');
      const r = await broadcasts.untag(p.memberId, p.tag);
      return r.ok ? c.json({ tags: r.value }) : c.json({ error: r.error.code, message: r.error.message }, 404);
    },
  );
}

function broadcastRoutes(admin: Admin, broadcasts: BroadcastService, defer: Defer): void {
  admin.route(
    createRoute({
      method: 'get',
      path: '/admin/broadcasts',
      summary: 'Recent broadcasts',
      responses: ok('Broadcasts'),
    }),
    'broadcasts',
    async (c) => c.json({ broadcasts: (await broadcasts.list()).map(broadcastView) }),
  );
  admin.route(
    createRoute({
      method: 'post',
      path: '/admin/broadcasts',
      summary: 'Create a broadcast to a segment, now or at a time',
      request: { body: { required: true, content: json(broadcastBody) } },
      responses: {
        201: {
          description: 'Created: its status now (sending, or done when it reaches nobody; scheduled for later)',
          content: json(anything),
        },
        ...notFound,
        ...refusedContent,
      },
    }),
    'broadcasts',
    async (c) => {
      const body = c.req.valid('json');
      const r = await broadcasts.create(
        {
          name: body.name,
          segment: body.segment,
          content: body.content,
          ...(body.scheduledAt !== undefined && { scheduledAt: body.scheduledAt }),
        },
        c.get('admin').actor,
      );
      if (!r.ok)
        return c.json(
          { error: r.error.code, message: r.error.message },
          CONTENT_REFUSALS.includes(r.error.code) ? 400 : 404,
        );
      auditDetail(c, { broadcast: r.value.id, segment: body.segment });
      // Due now: the audience is frozen before the answer, so it tells the real status; sending goes on after.
      const started = (await broadcasts.start(r.value.id)) ?? r.value;
      if (started.status === 'sending') defer(c, broadcasts.run(r.value.id));
      return c.json({ broadcast: broadcastView(started) }, 201);
    },
  );
  admin.route(
    createRoute({
      method: 'get',
      path: '/admin/broadcasts/{id}',
      summary: 'A broadcast and its progress (queued, sent, failed, skipped by reason)',
      request: { params: idParam },
      responses: { ...ok('The broadcast and its progress'), ...notFound },
    }),
    'broadcasts',
    async (c) => {
      const id = c.req.valid('param').id;
      const b = await broadcasts.get(id);
      if (!b) return c.json({ error: 'broadcast_not_found' }, 404);
      return c.json({ broadcast: broadcastView(b), progress: await broadcasts.progress(id) });
    },
  );
  admin.route(
    createRoute({
      method: 'post',
      path: '/admin/broadcasts/{id}/cancel',
      summary: 'Cancel: nothing more is handed to LINE or WhatsApp',
      request: { params: idParam },
      responses: { ...ok('The cancelled broadcast'), ...notFound, 409: { description: 'Already finished' } },
    }),
    'broadcasts',
    async (c) => {
      const r = await broadcasts.cancel(c.req.valid('param').id);
      if (r.ok) return c.json({ broadcast: broadcastView(r.value), progress: await broadcasts.progress(r.value.id) });
      return c.json(
        { error: r.error.code, message: r.error.message },
        r.error.code === 'broadcast_not_found' ? 404 : 409,
      );
    },
  );
}

const previewBody = z.object({
  content: broadcastContentSchema,
  /** Only this language; omitted: every language. */
  language: z.enum(LANGUAGES).optional(),
});

function previewRoute(admin: Admin, broadcasts: BroadcastService, render: BroadcastPreviewRenderer): void {
  admin.route(
    createRoute({
      method: 'post',
      path: '/admin/broadcasts/preview',
      summary: 'Render a content as each channel would send it, sending and storing nothing',
      description:
        'Per language: `line` (the LINE messages, Flex included), `wa_web` (WhatsApp Web text bodies), `wa_cloud` ' +
        '(WhatsApp Cloud API text/interactive bodies), `simulator` (the reply view models and the LINE messages the ' +
        'simulator draws). Buttons are checked as at creation.',
      request: { body: { required: true, content: json(previewBody) } },
      responses: { ...ok('The renderings per language and channel'), ...refusedContent },
    }),
    'broadcasts',
    async (c) => {
      const body = c.req.valid('json');
      const checked = await broadcasts.checkContent(body.content);
      if (!checked.ok) return c.json({ error: checked.error.code, message: checked.error.message }, 400);
      const channels: readonly Channel[] = ['line', 'wa_web', 'wa_cloud', 'simulator'];
      const languages = body.language ? [body.language] : LANGUAGES;
      const preview = Object.fromEntries(
        languages.map((language) => [
          language,
          Object.fromEntries(
            channels.map((ch) => [ch, render(broadcastReplies(body.content, language, ch, 'preview'), ch)]),
          ),
        ]),
      );
      return c.json({ preview });
    },
  );
}
