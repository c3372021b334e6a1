// LINE rich menus on Workers, under workerd with local D1: the every-minute cron (the worker's scheduled()) creates
// the bundled menus on LINE once (the image uploaded to the data host), makes the guest menu the default and
// bulk-links the members already there; a registration through the signed webhook queues the member menu's link in
// its batch and the next cron sends it. LINE is the pool's outbound stand-in (test/support/rich-menu-stand-in.ts),
// which checks each request as the Node tests' fake LINE server does.
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { lineSignature } from '../../src/channels/line/signature.js';
import type { Database } from '../../src/kernel/database.js';
import worker, { resetWorkerForTests } from '../../src/main/worker.js';
import { lineEvent, lineUserId, type WebhookEvent, webhookBody } from '../fakes/line-webhook.js';
import type { StandInRichMenu } from '../support/rich-menu-stand-in.js';
import { seedLineMembers } from '../support/seed-members.js';
import { freshD1 } from './fresh-d1.js';

const BASE = 'https://pointloop.test';

async function cron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function onLine(id: string): Promise<StandInRichMenu> {
  return (await fetch(`${env.LINE_API_BASE_URL}/__stand-in/richmenu/${encodeURIComponent(id)}`)).json();
}

describe('rich menus on Workers (D1, cron)', () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshD1();
    resetWorkerForTests();
  });

  const menus = () =>
    db.all<{ kind: string; state: string; line_rich_menu_id: string | null; bulk_linked_at: number | null }>(
      'SELECT kind, state, line_rich_menu_id, bulk_linked_at FROM rich_menus ORDER BY kind',
    );

  /** One webhook event, and its turn done (processing runs in the webhook's waitUntil). */
  async function say(e: WebhookEvent): Promise<void> {
    const body = webhookBody([e]);
    const res = await SELF.fetch(`${BASE}/webhooks/line`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-line-signature': await lineSignature(env.LINE_CHANNEL_SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    for (let i = 0; i < 1200; i++) {
      const row = await db.first<{ n: number }>(
        "SELECT COUNT(*) AS n FROM inbox_events WHERE channel = 'line' AND event_id = ? AND done_at IS NOT NULL",
        [e.webhookEventId],
      );
      if (row?.n === 1) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`event ${e.webhookEventId} not processed`);
  }

  it('creates each bundled menu once from the cron, sets the guest default and bulk-links existing members', async () => {
    expect((await SELF.fetch(`${BASE}/health`)).status).toBe(200);
    await seedLineMembers(db, 3);
    await cron();
    const first = await menus();
    expect(first.map((m) => [m.kind, m.state])).toEqual([
      ['guest', 'ready'],
      ['member', 'ready'],
    ]);
    const [guestId, memberId] = first.map((m) => m.line_rich_menu_id ?? '');
    const guest = await onLine(guestId ?? '');
    const member = await onLine(memberId ?? '');
    expect(guest).toMatchObject({ created: true, size: { width: 2500, height: 843 }, defaultCalls: 1, bulkCalls: [] });
    expect(member).toMatchObject({ created: true, size: { width: 2500, height: 1686 }, defaultCalls: 0 });
    expect(guest.imageBytes).toBeGreaterThan(0);
    expect(member.imageBytes).toBeGreaterThan(0);
    expect(member.bulkCalls).toEqual([['U0', 'U1', 'U2']]);
    expect(member.linkedUsers.sort()).toEqual(['U0', 'U1', 'U2']);
    expect(first.find((m) => m.kind === 'member')?.bulk_linked_at).toBeGreaterThan(0);
    expect(guest.invalid).toEqual([]);

    // The next minute finds them on LINE: nothing is created, uploaded, defaulted or bulk-linked again.
    resetWorkerForTests();
    await cron();
    expect(await menus()).toEqual(first);
    expect(await onLine(guestId ?? '')).toMatchObject({ defaultCalls: 1, imageBytes: guest.imageBytes });
    expect((await onLine(memberId ?? '')).bulkCalls).toHaveLength(1);
  });

  it('links the member menu to a new member from the cron after their registration', async () => {
    expect((await SELF.fetch(`${BASE}/health`)).status).toBe(200);
    await cron();
    const memberId = (await menus()).find((m) => m.kind === 'member')?.line_rich_menu_id ?? '';
    expect(memberId).not.toBe('');

    const user = lineUserId();
    const token = () => crypto.randomUUID().replaceAll('-', '');
    await say(lineEvent.follow({ userId: user, replyToken: token() }));
    for (const text of ['Amy', '0912345678', 'skip'])
      await say(lineEvent.text({ userId: user, replyToken: token(), text }));
    expect(await db.first('SELECT COUNT(*) AS n FROM rich_menu_links WHERE user_id = ?', [user])).toEqual({ n: 0 });
    await say(lineEvent.postback({ userId: user, replyToken: token(), data: 'cmd=agree' }));
    expect(await db.first('SELECT member_id IS NOT NULL AS member FROM identities WHERE user_id = ?', [user])).toEqual({
      member: 1,
    });
    // Queued in the registration's batch, sent by the next cron (the rich-menu-links job).
    expect(await db.first('SELECT action, done_at FROM rich_menu_links WHERE user_id = ?', [user])).toEqual({
      action: 'link',
      done_at: null,
    });
    expect((await onLine(memberId)).linkedUsers).not.toContain(user);
    await cron();
    expect(await db.first('SELECT action, outcome, attempts FROM rich_menu_links WHERE user_id = ?', [user])).toEqual({
      action: 'link',
      outcome: 'linked',
      attempts: 1,
    });
    const member = await onLine(memberId);
    expect(member.linkedUsers).toContain(user);
    expect(member.invalid).toEqual([]);
  });
});
