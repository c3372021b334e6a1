// Admin routes for segments, member tags and broadcasts (staff and owner). A broadcast created for now starts in
// the background (Defer: waitUntil on Workers); a scheduled one is started by the scheduler when it comes due.
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminRouteModule, auditDetail } from '../http/admin-router.js';
import type { Defer } from '../http/defer.js';
import { broadcastContentSchema } from './domain/content.js';
import { segmentCodeSchema, segmentFilterSchema, segmentSchema, tagSchema } from './domain/segment.js';
import type { BroadcastService } from './service.js';

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const anything = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ 200: { description, content: json(anything) } });
const notFound = { 404: { description: 'Not found', content: json(anything) } };

const broadcastBody = z.object({
  name: z.string().trim().min(1).max(80),
  segment: segmentCodeSchema,
  content: broadcastContentSchema,
  /** ISO time; omitted: now. */
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
});

const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9]{1,40}$/) });
const memberParam = z.object({ memberId: z.string().min(1).max(64) });

export function broadcastApi(broadcasts: BroadcastService, defer: Defer): AdminRouteModule {
  return (admin) => {
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
        request: { body: { required: true, content: json(segmentFilterSchema) } },
        responses: ok('Counts'),
      }),
      'segments',
      async (c) => c.json({ preview: await broadcasts.preview(c.req.valid('json')) }),
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

    admin.route(
      createRoute({
        method: 'get',
        path: '/admin/broadcasts',
        summary: 'Recent broadcasts',
        responses: ok('Broadcasts'),
      }),
      'broadcasts',
      async (c) => c.json({ broadcasts: await broadcasts.list() }),
    );
    admin.route(
      createRoute({
        method: 'post',
        path: '/admin/broadcasts',
        summary: 'Create a broadcast to a segment, now or at a time',
        request: { body: { required: true, content: json(broadcastBody) } },
        responses: { 201: { description: 'Created', content: json(anything) }, ...notFound },
      }),
      'broadcasts',
      async (c) => {
        const body = c.req.valid('json');
        const r = await broadcasts.create(
          {
            name: body.name,
            segment: body.segment,
            content: body.content,
            ...(body.scheduledAt && { scheduledAt: Date.parse(body.scheduledAt) }),
          },
          c.get('admin').actor,
        );
        if (!r.ok) return c.json({ error: r.error.code, message: r.error.message }, 404);
        auditDetail(c, { broadcast: r.value.id, segment: body.segment });
        if (r.value.scheduledAt <= Date.now()) defer(c, broadcasts.run(r.value.id));
        return c.json({ broadcast: r.value }, 201);
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
        return c.json({ broadcast: b, progress: await broadcasts.progress(id) });
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
        if (r.ok) return c.json({ broadcast: r.value, progress: await broadcasts.progress(r.value.id) });
        return c.json(
          { error: r.error.code, message: r.error.message },
          r.error.code === 'broadcast_not_found' ? 404 : 409,
        );
      },
    );
  };
}
