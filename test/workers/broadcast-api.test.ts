// A scheduled broadcast on the worker: created through the admin API (staff token), started by the cron trigger
// when due, sent by multicast through the real SDK client to the stand-in LINE API, with its progress on D1.
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/kernel/database.js';
import worker, { resetWorkerForTests } from '../../src/main/worker.js';
import { seedLineMembers } from '../support/seed-members.js';
import { freshD1 } from './fresh-d1.js';

const api = (path: string, token: string, method = 'GET', body?: unknown) =>
  SELF.fetch(`https://pointloop.test${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

describe('broadcasts on the worker', () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });

  it('starts a scheduled broadcast from the cron trigger and sends each member once', async () => {
    await seedLineMembers(db, 1200, (i) => ({ optedOut: i < 10 }));
    const created = await api('/admin/tokens', env.ADMIN_TOKEN, 'POST', { name: 'staff', role: 'staff' });
    const { token: staff } = (await created.json()) as { token: string };
    expect((await api('/admin/segments/all', staff, 'PUT', { name: 'All', filter: {} })).status).toBe(200);
    const soon = new Date(Date.now() + 1500).toISOString();
    const res = await api('/admin/broadcasts', staff, 'POST', {
      name: 'Tuesday',
      segment: 'all',
      content: { default: { type: 'text', text: 'Double points this Tuesday!' } },
      scheduledAt: soon,
    });
    expect(res.status).toBe(201);
    const { broadcast } = (await res.json()) as { broadcast: { id: string; status: string } };
    expect(broadcast.status).toBe('scheduled');

    const tick = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await tick(); // not due yet
    expect(await db.first('SELECT COUNT(*) AS n FROM broadcast_recipients')).toEqual({ n: 0 });
    await new Promise((r) => setTimeout(r, 1600));
    await tick();
    await tick(); // a second trigger finds nothing left to do

    const view = (await (await api(`/admin/broadcasts/${broadcast.id}`, staff)).json()) as {
      broadcast: { status: string };
      progress: { sent: number; skipped: { opted_out: number }; batches: { sent: number } };
    };
    expect(view.broadcast.status).toBe('done');
    expect(view.progress).toMatchObject({ sent: 1190, skipped: { opted_out: 10 }, batches: { sent: 3 } });
    expect(
      await db.first("SELECT COUNT(DISTINCT member_id) AS n FROM broadcast_recipients WHERE status = 'sent'"),
    ).toEqual({
      n: 1190,
    });
  });
});
