import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/channels/simulator/routes.js';
import { openSqlite } from '../../../src/db/sqlite.js';
import { createHttpApp } from '../../../src/http/app.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { composeServices } from '../../../src/main/compose.js';
import { parseConfig } from '../../../src/main/config.js';
import { seedDemoProgram } from '../../../src/main/demo-seed.js';
import { silentLog } from '../../support/chat-harness.js';

async function simulatorApp(options: { requireToken: boolean; adminToken?: string }) {
  const simulator = createSimulator(options);
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 2));
  const services = composeServices({
    config: parseConfig({ DEFAULT_LANGUAGE: 'en' }),
    db: openSqlite({ path: ':memory:' }),
    clock,
    log: silentLog,
    qr: { memberQrUrl: async (code) => `https://pl.example/qr/${code}.png` },
    senders: { simulator: simulator.sender },
    profiles: { simulator: simulator.profiles },
  });
  await seedDemoProgram(services, clock.now());
  return createHttpApp({ log: silentLog, modules: [simulator.routes(services.inbox)] });
}

// biome-ignore lint/suspicious/noExplicitAny: the reply JSON is checked by the assertions themselves
type Sim = { messages: { replies: any[]; line: any[] }[] & { 0: { replies: any[]; line: any[] } } };
const json = async (r: Response) => (await r.json()) as Sim;

const post = (app: Awaited<ReturnType<typeof simulatorApp>>, body: unknown, headers: Record<string, string> = {}) =>
  app.request('/simulator/api/events', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('simulator API', () => {
  it('registers a member and answers with view models and the LINE messages the page draws', async () => {
    const app = await simulatorApp({ requireToken: false });
    const page = await app.request('/simulator');
    expect(page.headers.get('content-type')).toContain('text/html');
    const follow = await json(
      await post(app, { userId: 'sim-a1', type: 'follow', displayName: 'Amy', language: 'en' }),
    );
    expect(follow.messages[0].replies.map((r: { kind: string }) => r.kind)).toEqual(['welcome', 'text']);
    expect(follow.messages[0].line[0]).toMatchObject({ type: 'flex' });
    expect(follow.messages[0].line[1].quickReply.items[0].action).toMatchObject({ type: 'message', text: 'Amy' });
    for (const text of ['Amy', '0912345678', 'skip']) await post(app, { userId: 'sim-a1', type: 'text', text });
    const done = await json(await post(app, { userId: 'sim-a1', type: 'postback', data: 'cmd=agree' }));
    expect(done.messages[0].replies.map((r: { kind: string }) => r.kind)).toEqual(['text', 'text', 'card']);
    const points = await json(await post(app, { userId: 'sim-a1', type: 'text', text: 'points' }));
    expect(points.messages[0].replies[0]).toMatchObject({ kind: 'balance', balances: [{ amount: 100 }] });
  });

  it('refuses bad requests with a field, and needs the admin token in production', async () => {
    const open = await simulatorApp({ requireToken: false });
    const bad = await post(open, { userId: 'nope', type: 'text', text: 'hi' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', field: 'userId' });
    expect((await open.request('/simulator/api/events', { method: 'POST', body: '{' })).status).toBe(400);

    const locked = await simulatorApp({ requireToken: true, adminToken: 'admin-token-0123456789' });
    expect((await locked.request('/simulator')).status).toBe(401);
    expect((await post(locked, { userId: 'sim-b', type: 'follow' }, { authorization: 'Bearer wrong' })).status).toBe(
      401,
    );
    expect(
      (await post(locked, { userId: 'sim-b', type: 'follow' }, { authorization: 'Bearer admin-token-0123456789' }))
        .status,
    ).toBe(200);
    expect((await locked.request('/simulator?token=admin-token-0123456789')).status).toBe(200);

    const off = await simulatorApp({ requireToken: true });
    expect((await off.request('/simulator')).status).toBe(404);
  });
});
