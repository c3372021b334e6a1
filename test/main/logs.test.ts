// Logs a person can read (issue 14): the real pino logger writing JSON lines to a captured stream. Each turn has a
// line with a hashed id, the intent, the outcome and milliseconds; each admin write and each broadcast's start and
// finish have theirs; nothing typed in registration (a name, a phone number) appears anywhere.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { broadcastApi } from '../../src/broadcasts/index.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { adminApi } from '../../src/http/admin-api.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger, logFormat } from '../../src/main/logger.js';
import { didSomething } from '../../src/main/scheduler.js';
import { chatHarness } from '../support/chat-harness.js';

const ADMIN = 'admin-token-0123456789';
const NAME = 'Zebulon Quartermaine';
const PHONE = '0987654321';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) {
        raw.push(l);
        lines.push(JSON.parse(l) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, raw, log: createLogger('info', { format: 'json', destination: stream }) };
}

describe('logs', () => {
  it('logs each turn, admin write and broadcast start and finish, without names or phone numbers', async () => {
    const { lines, raw, log } = capture();
    const h = await chatHarness(openSqlite({ path: ':memory:' }), {}, { log });
    for (const input of ['follow', NAME, PHONE, 'skip'] as const) await h.say('U-zeb', input);
    await h.say('U-zeb', { postback: 'cmd=agree' });
    await h.say('U-zeb', 'points');

    const turns = lines.filter((l) => l.msg === 'turn').map((l) => l.turn as Record<string, unknown>);
    expect(turns.length).toBeGreaterThanOrEqual(6);
    for (const t of turns) {
      expect(t).toMatchObject({ channel: 'simulator', outcome: expect.any(String), ms: expect.any(Number) });
      expect(typeof (t.member ?? t.user)).toBe('string');
      expect(String(t.member ?? t.user)).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(turns.at(-1)).toMatchObject({ intent: 'points', outcome: 'done', member: expect.any(String) });
    expect(turns.some((t) => t.user !== undefined)).toBe(true); // before registration: the chat user, hashed

    const s = h.services;
    const app = createHttpApp({
      log,
      modules: [
        adminApi({
          adminToken: ADMIN,
          ledger: s.ledger,
          access: s.adminAccess,
          modules: [broadcastApi(s.broadcasts, () => undefined)],
          log,
        }),
      ],
    });
    const call = (path: string, method: string, body: unknown) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await call('/admin/segments/all', 'PUT', { name: NAME, filter: {} })).status).toBe(200);
    const created = await call('/admin/broadcasts', 'POST', {
      name: 'Tuesday',
      segment: 'all',
      content: { default: { type: 'text', text: `Hello ${NAME}` } },
    });
    expect(created.status).toBe(201);
    const { broadcast } = (await created.json()) as { broadcast: { id: string } };
    await s.broadcasts.run(broadcast.id);

    const writes = lines.filter((l) => l.msg === 'admin write').map((l) => l.admin);
    expect(writes).toEqual([
      { method: 'PUT', route: '/admin/segments/:code', status: 200, actor: 'bootstrap', role: 'owner' },
      { method: 'POST', route: '/admin/broadcasts', status: 201, actor: 'bootstrap', role: 'owner' },
    ]);
    const started = lines.find((l) => l.msg === 'broadcast started');
    expect(started?.broadcast).toMatchObject({ id: broadcast.id, segment: 'all', total: 1 });
    const finished = lines.find((l) => l.msg === 'broadcast finished');
    expect(finished?.broadcast).toMatchObject({ id: broadcast.id, total: 1, sent: 1, failed: 0 });

    // Nothing typed in registration, and no raw chat user id.
    const all = raw.join('\n');
    expect(all).not.toContain(NAME);
    expect(all).not.toContain('Zebulon');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('987654321');
    expect(all).not.toContain('U-zeb');
  });

  it('is JSON in production and off a terminal, pretty in development on one, as LOG_FORMAT says otherwise', () => {
    expect(logFormat({ nodeEnv: 'production' }, true)).toBe('json');
    expect(logFormat({ nodeEnv: 'development' }, true)).toBe('pretty');
    expect(logFormat({ nodeEnv: 'development' }, false)).toBe('json');
    expect(logFormat({ nodeEnv: 'production', format: 'pretty' }, false)).toBe('pretty');
    expect(logFormat({ nodeEnv: 'development', format: 'json' }, true)).toBe('json');
  });

  it("logs a scheduled job's line only when it did something", () => {
    expect([0, undefined, null, false, { started: 0, sent: 0 }, []].map(didSomething)).toEqual(Array(6).fill(false));
    expect([1, true, { swept: 0, reminded: 2 }].map(didSomething)).toEqual([true, true, true]);
  });
});
