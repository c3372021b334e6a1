// LINE rich menus end to end: the real Node server and @line/bot-sdk against the fake LINE API on loopback
// (rich menu objects checked against messaging-api.yml's RichMenuRequest and LINE's limits, images as PNGs of the
// menu's size). Created once per content, the guest menu the default, existing members bulk-linked 500 a call
// (a 429 waited out), the member menu linked at registration and unlinked at unfollow, one create with two
// processes on one database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { startNodeServer } from '../../src/main/node.js';
import { type FakeLine, startFakeLine } from '../fakes/fake-line-server.js';
import { type LineDriver, lineEnv, startLineDriver } from '../fakes/line-harness.js';
import { LINE_ACCESS_TOKEN } from '../fakes/line-webhook.js';
import { seedLineMembers } from '../support/seed-members.js';

const MIGRATIONS = new URL('../../migrations', import.meta.url).pathname;

describe('LINE rich menus (Node, fake LINE API)', () => {
  let line: LineDriver;
  beforeAll(async () => {
    line = await startLineDriver({ RICH_MENU_BULK_INTERVAL_MS: '20' });
  });
  afterAll(() => line?.stop());

  it('creates each menu once, sets the guest default and bulk-links 1,200 members in 3 calls past a 429', async () => {
    const db = openSqlite({ path: line.dbPath, migrationsFolder: MIGRATIONS });
    try {
      await seedLineMembers(db, 1200);
    } finally {
      db.close();
    }
    const rm = line.fake.richMenus;
    rm.throttleBulk(1, '1');
    const menus = line.server.richMenus;
    if (!menus) throw new Error('rich menus are off');
    const first = await menus.sync();
    expect(first.map((r) => [r.kind, r.created])).toEqual([
      ['guest', true],
      ['member', true],
    ]);
    expect(rm.invalid).toEqual([]);
    expect(rm.created).toHaveLength(2);
    const [guest, member] = first;
    expect(rm.defaultId).toBe(guest?.lineRichMenuId);
    expect(rm.bulkCalls.map((c) => c.userIds.length)).toEqual([500, 500, 200]);
    expect(new Set(rm.bulkCalls.map((c) => c.richMenuId))).toEqual(new Set([member?.lineRichMenuId]));
    expect(rm.links.get('U1199')).toBe(member?.lineRichMenuId);
    expect(line.fake.calls.filter((c) => c.path === '/v2/bot/richmenu/bulk/link' && c.status === 429)).toHaveLength(1);

    const second = await menus.sync();
    expect(second.map((r) => r.created)).toEqual([false, false]);
    expect(second.map((r) => r.lineRichMenuId)).toEqual(first.map((r) => r.lineRichMenuId));
    expect(rm.created).toHaveLength(2);
    expect(rm.bulkCalls).toHaveLength(3);
  });

  it('links the member menu at registration (after a LINE outage) and unlinks it at unfollow', async () => {
    const menus = line.server.richMenus;
    if (!menus) throw new Error('rich menus are off');
    const [, member] = await menus.sync();
    const user = line.newUser();
    for (const input of ['follow', 'Amy', '0912345678', 'skip'] as const) await line.say(user, input);
    expect(line.fake.richMenus.links.has(user)).toBe(false);
    await line.say(user, { postback: 'cmd=agree' });
    expect(line.count("SELECT COUNT(*) AS n FROM rich_menu_links WHERE user_id = ? AND action = 'link'", user)).toBe(1);

    // LINE down for the link call: the row stays queued and goes out on a later pass.
    const down = line.fake.richMenus;
    down.failLinks(1, 500);
    expect(await menus.drainLinks()).toMatchObject({ linked: 0, retried: 1 });
    expect(down.links.has(user)).toBe(false);
    // Due again after its backoff: made due now (the backoff is minutes on a real clock).
    const rw = new (await import('better-sqlite3')).default(line.dbPath);
    rw.prepare('UPDATE rich_menu_links SET next_attempt_at = 0 WHERE user_id = ?').run(user);
    rw.close();
    expect((await menus.drainLinks()).linked).toBe(1);
    expect(down.links.get(user)).toBe(member?.lineRichMenuId);

    await line.say(user, 'unfollow');
    expect((await menus.drainLinks()).unlinked).toBe(1);
    expect(down.unlinks).toContain(user);
    expect(down.links.has(user)).toBe(false);
    expect(down.invalid).toEqual([]);
  });
});

describe('LINE rich menus with two processes on one database', () => {
  let fake: FakeLine;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'pointloop-rich-'));
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates each menu once when two app instances sync at the same time', async () => {
    const env = { ...lineEnv(join(dir, 'shared.db'), fake.url), LINE_DATA_API_BASE_URL: fake.url };
    const a = await startNodeServer(env);
    const b = await startNodeServer({ ...env, SEED_DEMO: 'false' });
    try {
      const [ra, rb] = await Promise.all([a.richMenus?.sync(), b.richMenus?.sync()]);
      expect(fake.richMenus.created).toHaveLength(2);
      expect(ra?.map((r) => r.lineRichMenuId)).toEqual(rb?.map((r) => r.lineRichMenuId));
      expect([...(ra ?? []), ...(rb ?? [])].filter((r) => r.created)).toHaveLength(2);
      expect(fake.richMenus.invalid).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
