// A brand's broadcast end to end on the Node server: staff define a segment and broadcast a giveaway announcement
// through the admin API; members get it by LINE multicast (the real SDK client, the fake LINE API validating the
// Flex against LINE's schema); a member who said "stop" in chat is skipped and counted; the card's button claims.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineDriver, startLineDriver } from '../fakes/line-harness.js';

const ADMIN = 'admin-token-0123456789';

/** Polls an async check every 20 ms until it gives a value; fails after 10 s. */
async function poll<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('broadcasts over LINE', () => {
  let line: LineDriver;
  let amy: string;
  let bob: string;
  let staff: string;
  let store: string;

  const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${line.server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });

  beforeAll(async () => {
    line = await startLineDriver({ ADMIN_TOKEN: ADMIN });
    amy = line.newUser({ displayName: 'Amy', language: 'en' });
    bob = line.newUser({ displayName: 'Bob', language: 'en' });
    for (const [user, name, phone] of [
      [amy, 'Amy', '0912345678'],
      [bob, 'Bob', '0922345678'],
    ] as const) {
      for (const input of ['follow', name, phone, 'skip'] as const) await line.say(user, input);
      await line.say(user, { postback: 'cmd=agree' });
    }
    expect((await line.say(bob, 'stop')).text).toContain('no longer receive campaign messages');
    // A store token is bound to one existing store.
    await api('/admin/stores/S1/keys', ADMIN, { method: 'POST', body: { name: 'Main St' } });
    const token = async (role: string) => {
      const body = { name: role, role, ...(role === 'store' && { storeCode: 'S1' }) };
      const r = await api('/admin/tokens', ADMIN, { method: 'POST', body });
      expect(r.status).toBe(201);
      return ((await r.json()) as { token: string }).token;
    };
    staff = await token('staff');
    store = await token('store');
  });
  afterAll(async () => line?.stop());

  it('refuses bad bodies with the field at fault, and roles that may not broadcast', async () => {
    const bad = await api('/admin/segments/everyone', staff, {
      method: 'PUT',
      body: { name: 'x', filter: { tags: [] } },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_body', field: 'filter.tags' });
    const unknown = await api('/admin/broadcasts', staff, {
      method: 'POST',
      body: { name: 'x', segment: 'nope', content: { default: { type: 'text', text: 'hi' } } },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'segment_not_found' });
    expect((await api('/admin/broadcasts', store)).status).toBe(403);
    expect((await api('/admin/broadcasts', 'plat_wrong')).status).toBe(401);
  });

  it('sends a giveaway announcement to the segment, skips the member who said stop, and its button claims', async () => {
    const seg = await api('/admin/segments/everyone', staff, { method: 'PUT', body: { name: 'Everyone', filter: {} } });
    expect(seg.status).toBe(200);
    expect(await seg.json()).toMatchObject({ preview: { members: 2, sendable: 1, skipped: { opted_out: 1 } } });

    const created = await api('/admin/broadcasts', staff, {
      method: 'POST',
      body: {
        name: 'Flash giveaway',
        segment: 'everyone',
        content: {
          default: {
            type: 'announcement',
            title: 'Flash giveaway',
            body: '50 bonus points for the first 200 members. Tap to claim!',
            imageUrl: 'https://pointloop.example/flash.png',
            button: { label: 'Claim', claimGiveaway: 'DEMO' },
          },
        },
      },
    });
    expect(created.status).toBe(201);
    const { broadcast } = (await created.json()) as { broadcast: { id: string } };
    const done = await poll('broadcast done', async () => {
      const r = (await (await api(`/admin/broadcasts/${broadcast.id}`, staff)).json()) as {
        broadcast: { status: string };
        progress: unknown;
      };
      return r.broadcast.status === 'done' && r;
    });
    expect(done.progress).toMatchObject({ total: 2, sent: 1, skipped: { opted_out: 1 } });

    const multicasts = line.fake.callsTo('multicast');
    expect(multicasts).toHaveLength(1);
    expect((multicasts[0]?.body as { to: string[] }).to).toEqual([amy]);
    expect(line.fake.invalid).toEqual([]);
    const card = line.fake.deliveredTo(amy).find((d) => d.via === 'multicast');
    expect(card?.messages[0]).toMatchObject({ type: 'flex', altText: expect.stringContaining('Flash giveaway') });
    expect(line.fake.deliveredTo(bob).filter((d) => d.via === 'multicast')).toEqual([]);

    const data = /"data":"(cmd=claim[^"]+)"/.exec(JSON.stringify(card?.messages))?.[1];
    expect(data).toBeDefined();
    expect((await line.say(amy, { postback: data ?? '' })).text).toContain('+50 points');
    expect((await line.say(amy, { postback: data ?? '' })).text).toContain("You've claimed");

    // The audit log names the staff token for the writes.
    const audit = (await (await api('/admin/audit', ADMIN)).json()) as { entries?: unknown[]; audit?: unknown[] };
    expect(JSON.stringify(audit)).toContain('/admin/broadcasts');
  });

  it('"start" re-subscribes: the next broadcast reaches both', async () => {
    expect((await line.say(bob, 'start')).text).toContain('receive campaign messages again');
    const created = await api('/admin/broadcasts', staff, {
      method: 'POST',
      body: {
        name: 'Tuesday',
        segment: 'everyone',
        content: { default: { type: 'text', text: 'Double points Tuesday' } },
      },
    });
    const { broadcast } = (await created.json()) as { broadcast: { id: string } };
    await poll('second broadcast done', async () => {
      const r = (await (await api(`/admin/broadcasts/${broadcast.id}`, staff)).json()) as {
        broadcast: { status: string };
      };
      return r.broadcast.status === 'done';
    });
    expect(line.fake.textsTo(bob)).toContain('Double points Tuesday');
    expect(line.fake.textsTo(amy)).toContain('Double points Tuesday');
  });
});
