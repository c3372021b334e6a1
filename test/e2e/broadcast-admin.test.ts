// Brand staff and the admin API (issue 14): a broadcast's buttons must name a live giveaway or item, the preview
// renders every channel and stores nothing, times are ISO 8601 with an offset in and out (anything else: 400
// invalid_time), a broadcast answers its real status, and the segment preview takes `{ filter }`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineDriver, startLineDriver } from '../fakes/line-harness.js';

const ADMIN = 'admin-token-0123456789';
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('admin API for brand staff', () => {
  let line: LineDriver;
  let amy: string;

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const r = await fetch(`${line.server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const count = (table: string) => (line.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const giveaway = (startsAt: unknown, endsAt: unknown) => ({
    titles: { en: 'Noon', 'zh-TW': '午間' },
    startsAt,
    endsAt,
    pointType: 'bonus',
    perClaim: 10,
    budget: 100,
  });
  const announcement = (button: object) => ({
    default: { type: 'announcement', title: 'Flash', body: 'Tap below', button },
  });

  beforeAll(async () => {
    line = await startLineDriver({ ADMIN_TOKEN: ADMIN });
    amy = line.newUser({ displayName: 'Amy', language: 'en' });
    for (const input of ['follow', 'Amy', '0912345678', 'skip'] as const) await line.say(amy, input);
    await line.say(amy, { postback: 'cmd=agree' });
    expect((await api('/admin/segments/everyone', { method: 'PUT', body: { name: 'All', filter: {} } })).status).toBe(
      200,
    );
    const nobody = { name: 'Nobody', filter: { tags: ['nobody-has-this'] } };
    expect((await api('/admin/segments/nobody', { method: 'PUT', body: nobody })).status).toBe(200);
  });
  afterAll(async () => line?.stop());

  it('refuses a broadcast whose button names an unknown or ended giveaway or an unknown item (400, stable code)', async () => {
    const now = Date.now();
    const ended = await api('/admin/giveaways/PAST', {
      method: 'PUT',
      body: giveaway(iso(now - 2 * HOUR), iso(now - HOUR)),
    });
    expect(ended.status).toBe(200);
    const before = count('broadcasts');
    for (const [button, error] of [
      [{ label: 'Claim', claimGiveaway: 'NOPE' }, 'unknown_giveaway'],
      [{ label: 'Claim', claimGiveaway: 'PAST' }, 'giveaway_ended'],
      [{ label: 'Redeem', redeemItem: 'nope' }, 'unknown_item'],
    ] as const) {
      const r = await api('/admin/broadcasts', {
        method: 'POST',
        body: { name: 'x', segment: 'everyone', content: announcement(button) },
      });
      expect(r, error).toMatchObject({ status: 400, body: { error, message: expect.any(String) } });
      // The preview refuses the same content the same way.
      const p = await api('/admin/broadcasts/preview', { method: 'POST', body: { content: announcement(button) } });
      expect(p).toMatchObject({ status: 400, body: { error } });
    }
    // A button in one language only is checked too.
    const byLanguage = {
      default: { type: 'text', text: 'hi' },
      byLanguage: { en: announcement({ label: 'Claim', claimGiveaway: 'NOPE' }).default },
    };
    const r = await api('/admin/broadcasts', {
      method: 'POST',
      body: { name: 'x', segment: 'everyone', content: byLanguage },
    });
    expect(r).toMatchObject({ status: 400, body: { error: 'unknown_giveaway' } });
    expect(count('broadcasts')).toBe(before);
    // A live giveaway and a live item are accepted.
    const ok = await api('/admin/broadcasts', {
      method: 'POST',
      body: { name: 'ok', segment: 'nobody', content: announcement({ label: 'Claim', claimGiveaway: 'DEMO' }) },
    });
    expect(ok.status).toBe(201);

    const doc = (await api('/admin/openapi.json')).body as {
      paths: Record<string, { post?: { responses: Record<string, { description: string }> } }>;
    };
    const created = doc.paths['/admin/broadcasts']?.post?.responses['400']?.description ?? '';
    for (const code of ['unknown_giveaway', 'giveaway_ended', 'unknown_item', 'item_ended'])
      expect(created).toContain(code);
    expect(doc.paths['/admin/broadcasts/preview']?.post).toBeDefined();
  });

  it('previews a broadcast as LINE, WhatsApp and the simulator would send it, sending and storing nothing', async () => {
    const before = { broadcasts: count('broadcasts'), outbox: count('outbox'), calls: line.fake.calls.length };
    const content = {
      ...announcement({ label: 'Claim', claimGiveaway: 'DEMO' }),
      byLanguage: { 'zh-TW': { type: 'text', text: '週二雙倍點數' } },
    };
    const r = await api('/admin/broadcasts/preview', { method: 'POST', body: { content } });
    expect(r.status).toBe(200);
    const preview = r.body.preview as Record<string, Record<string, unknown>>;
    expect(preview.en?.line).toMatchObject({
      messages: [{ type: 'flex', altText: expect.stringContaining('Flash'), contents: { type: 'bubble' } }],
    });
    expect(JSON.stringify(preview.en?.line)).toContain('cmd=claim');
    expect(preview['zh-TW']?.line).toMatchObject({ messages: [{ type: 'text', text: '週二雙倍點數' }] });
    expect(preview.en?.wa_web).toMatchObject({ messages: [{ kind: 'text', text: expect.stringContaining('Flash') }] });
    expect(JSON.stringify(preview.en?.wa_cloud)).toContain('Flash');
    expect(preview.en?.simulator).toMatchObject({
      replies: [{ kind: 'announcement', title: 'Flash' }],
      line: [{ type: 'flex' }],
    });
    const one = await api('/admin/broadcasts/preview', { method: 'POST', body: { content, language: 'en' } });
    expect(Object.keys(one.body.preview as object)).toEqual(['en']);
    expect({ broadcasts: count('broadcasts'), outbox: count('outbox'), calls: line.fake.calls.length }).toEqual(before);
  });

  it('takes times as ISO 8601 with an offset only: epoch ms, seconds and offset-less times are 400 invalid_time', async () => {
    const now = Date.now();
    const bad: [string, string, object][] = [
      ['/admin/giveaways/MS', 'startsAt', giveaway(now, now + HOUR)],
      ['/admin/giveaways/SECONDS', 'startsAt', giveaway(Math.floor(now / 1000), Math.floor(now / 1000) + 3600)],
      ['/admin/giveaways/LOCAL', 'endsAt', giveaway(iso(now), '2026-12-05T10:00:00')],
      ['/admin/giveaways/FEB30', 'endsAt', giveaway(iso(now), '2026-02-30T10:00:00+08:00')],
      [
        '/admin/catalog/mug',
        'activeTo',
        { names: { en: 'Mug', 'zh-TW': '杯' }, pointType: 'bonus', cost: 1, activeTo: now },
      ],
      [
        '/admin/catalog/mug',
        'validity.to',
        { names: { en: 'Mug', 'zh-TW': '杯' }, pointType: 'bonus', cost: 1, validity: { kind: 'fixed', to: now } },
      ],
      ['/admin/point-types/bonus', 'issueFrom', { names: { en: 'Bonus', 'zh-TW': '紅利' }, issueFrom: now }],
    ];
    for (const [path, field, body] of bad) {
      const r = await api(path, { method: 'PUT', body });
      expect(r, `${path} ${field}`).toMatchObject({
        status: 400,
        body: { error: 'invalid_time', field, message: expect.stringContaining('2026-12-05T10:00:00+08:00') },
      });
    }
    const scheduled = await api('/admin/broadcasts', {
      method: 'POST',
      body: { name: 'x', segment: 'everyone', content: { default: { type: 'text', text: 'hi' } }, scheduledAt: now },
    });
    expect(scheduled).toMatchObject({ status: 400, body: { error: 'invalid_time', field: 'scheduledAt' } });

    // ISO in, ISO out.
    const ok = await api('/admin/giveaways/NOON', {
      method: 'PUT',
      body: giveaway('2030-12-05T10:00:00+08:00', '2030-12-05T12:00:00Z'),
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { giveaway: { startsAt: '2030-12-05T02:00:00.000Z', endsAt: '2030-12-05T12:00:00.000Z' } },
    });
    const item = await api('/admin/catalog/mug', {
      method: 'PUT',
      body: {
        names: { en: 'Mug', 'zh-TW': '杯' },
        pointType: 'bonus',
        cost: 1,
        validity: { kind: 'fixed', to: '2031-01-01T00:00:00+08:00' },
        activeTo: '2031-01-01T00:00:00+08:00',
      },
    });
    expect(item).toMatchObject({
      status: 200,
      body: { item: { validity: { kind: 'fixed', from: null, to: '2030-12-31T16:00:00.000Z' }, activeFrom: null } },
    });
    const types = (await api('/admin/point-types')).body as { pointTypes: { issueFrom: unknown }[] };
    expect(types.pointTypes[0]).toHaveProperty('issueFrom', null);
  });

  it('answers a broadcast with its real status: sending or done when it starts now, scheduled when later', async () => {
    const text = { default: { type: 'text', text: 'Double points' } };
    const now = await api('/admin/broadcasts', {
      method: 'POST',
      body: { name: 'now', segment: 'everyone', content: text },
    });
    expect(now.status).toBe(201);
    expect((now.body.broadcast as { status: string }).status).toMatch(/^(sending|done)$/);
    expect(now.body.broadcast).toMatchObject({ startedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const empty = await api('/admin/broadcasts', {
      method: 'POST',
      body: { name: 'e', segment: 'nobody', content: text },
    });
    expect(empty.body.broadcast).toMatchObject({ status: 'done' });
    const later = await api('/admin/broadcasts', {
      method: 'POST',
      body: { name: 'later', segment: 'everyone', content: text, scheduledAt: iso(Date.now() + 24 * HOUR) },
    });
    expect(later.body.broadcast).toMatchObject({ status: 'scheduled', startedAt: null });
  });

  it('previews a segment from { filter }, as PUT takes it (the bare filter still works, deprecated)', async () => {
    const wrapped = await api('/admin/segments/preview', { method: 'POST', body: { filter: { channels: ['line'] } } });
    expect(wrapped).toMatchObject({ status: 200, body: { preview: { members: 1, sendable: 1 } } });
    const none = await api('/admin/segments/preview', { method: 'POST', body: { filter: { channels: ['wa_web'] } } });
    expect(none).toMatchObject({ status: 200, body: { preview: { members: 0 } } });
    const bare = await api('/admin/segments/preview', { method: 'POST', body: { channels: ['line'] } });
    expect(bare).toMatchObject({ status: 200, body: { preview: { members: 1 } } });
    const bad = await api('/admin/segments/preview', { method: 'POST', body: { filter: { tags: [] } } });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_body', field: 'filter.tags' } });
  });
});
