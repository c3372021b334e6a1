// The simulator's rich menu on the real Node server: a visitor's chat gets the guest menu of
// flex-templates/rich-menus/, the same chat after registering through the simulator gets the member menu, each
// image is served as the PNG LINE would be sent, bad input is a 4xx, and production keeps the admin token on both.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../src/main/node.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers are checked by the assertions themselves
type Json = any;

const menuFile = (kind: string) => JSON.parse(readFileSync(`flex-templates/rich-menus/${kind}.json`, 'utf8'));
/** What the route promises of a menu file: its size, chat bar text and each area's bounds and action. */
const expected = (kind: string) => {
  const m = menuFile(kind);
  return {
    size: m.size,
    chatBarText: m.chatBarText,
    areas: m.areas.map((a: Json) => ({ bounds: a.bounds, action: a.action })),
  };
};

describe('simulator rich menu (Node)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startNodeServer>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-sim-menu-'));
    server = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, 'a.db'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'development',
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const say = async (userId: string, body: Record<string, unknown>) => {
    const r = await fetch(`${server.url}/simulator/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, ...body }),
    });
    expect(r.status).toBe(200);
  };
  const menuOf = async (userId: string): Promise<Json> => {
    const r = await fetch(`${server.url}/simulator/api/rich-menu?userId=${userId}`);
    expect(r.status).toBe(200);
    return r.json();
  };
  const image = async (url: string) => {
    const r = await fetch(`${server.url}${url}`);
    return { status: r.status, type: r.headers.get('content-type'), bytes: new Uint8Array(await r.arrayBuffer()) };
  };

  it('gives a visitor the guest menu and, once registered, the member menu, each with its PNG', async () => {
    const user = 'sim-menu-amy';
    const visitor = await menuOf(user);
    expect(visitor.kind).toBe('guest');
    expect(visitor.menu).toEqual(expected('guest'));
    expect(visitor.imageUrl).toMatch(/^\/simulator\/rich-menus\/guest\.png\?v=[0-9a-f]{16}$/);
    const guestPng = await image(visitor.imageUrl);
    expect(guestPng.status).toBe(200);
    expect(guestPng.type).toBe('image/png');
    expect(guestPng.bytes).toEqual(new Uint8Array(readFileSync('flex-templates/rich-menus/guest.png')));

    // Following and starting the registration does not make a member yet.
    await say(user, { type: 'follow', language: 'en' });
    await say(user, { type: 'text', text: 'Amy' });
    expect((await menuOf(user)).kind).toBe('guest');
    for (const text of ['0912345678', 'skip']) await say(user, { type: 'text', text });
    await say(user, { type: 'postback', data: 'cmd=agree' });

    const member = await menuOf(user);
    expect(member.kind).toBe('member');
    expect(member.menu).toEqual(expected('member'));
    expect(member.menu.size).toEqual({ width: 2500, height: 1686 });
    const memberPng = await image(member.imageUrl);
    expect(memberPng.status).toBe(200);
    expect(memberPng.type).toBe('image/png');
    expect(memberPng.bytes).toEqual(new Uint8Array(readFileSync('flex-templates/rich-menus/member.png')));
    // Another chat is still a visitor.
    expect((await menuOf('sim-menu-bob')).kind).toBe('guest');
  });

  it('refuses a bad user id and an unknown image with a stable code', async () => {
    for (const q of ['', '?userId=', '?userId=U123', '?userId=sim-a%20b']) {
      const r = await fetch(`${server.url}/simulator/api/rich-menu${q}`);
      expect(r.status).toBe(400);
      expect(await r.json()).toEqual({ error: 'invalid_request', field: 'userId' });
    }
    for (const name of ['admin.png', 'guest.json', 'guest', '..%2Fguest.png', 'GUEST.png']) {
      const r = await fetch(`${server.url}/simulator/rich-menus/${name}`);
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ error: 'not_found' });
    }
  });
});

describe('simulator rich menu in production', () => {
  it('needs the admin token for the menu and its image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointloop-sim-menu-prod-'));
    const token = 'production-admin-token-0123456789';
    const server = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, 'b.db'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'production',
      SIMULATOR: 'on',
      ADMIN_TOKEN: token,
      PUBLIC_BASE_URL: 'https://pl.example',
      QR_SIGNING_SECRET: 'qr-signing-secret-0123456789abcdef',
    });
    try {
      for (const path of ['/simulator/api/rich-menu?userId=sim-amy', '/simulator/rich-menus/guest.png']) {
        const refused = await fetch(`${server.url}${path}`);
        expect(refused.status).toBe(401);
        const allowed = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect(allowed.status).toBe(200);
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
