import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import wwebjs from 'whatsapp-web.js';
import { sqlOfferStore } from '../../../src/channels/whatsapp/db/offers-sql.js';
import { sqlSentParts } from '../../../src/channels/whatsapp/db/sent-parts-sql.js';
import { whatsappWebQrRoutes } from '../../../src/channels/whatsapp-web/admin-qr.js';
import {
  createWhatsAppWebChannel,
  fetchMedia,
  type MediaLoader,
  type WhatsAppWebChannel,
} from '../../../src/channels/whatsapp-web/channel.js';
import { WhatsAppWebSession } from '../../../src/channels/whatsapp-web/session.js';
import { SendThrottle } from '../../../src/channels/whatsapp-web/throttle.js';
import { openSqlite, type SqliteDatabase } from '../../../src/db/sqlite.js';
import { adminAuthenticator } from '../../../src/http/admin-router.js';
import { createHttpApp } from '../../../src/http/app.js';
import { systemClock } from '../../../src/kernel/clock.js';
import type { Logger } from '../../../src/kernel/logger.js';
import { composeServices, type Services } from '../../../src/main/compose.js';
import { parseConfig } from '../../../src/main/config.js';
import { seedDemoProgram } from '../../../src/main/demo-seed.js';
import { FakeWwebjsClient } from '../../fakes/fake-wwebjs-client.js';
import { silentLog } from '../../support/chat-harness.js';

const USER = '886900000001@c.us';
/** A 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

interface Setup {
  db: SqliteDatabase;
  services: Services;
  channel: WhatsAppWebChannel;
  clients: FakeWwebjsClient[];
  client(): FakeWwebjsClient;
  say(text: string, from?: string): Promise<string[]>;
  stop(): Promise<void>;
}

async function setup(o: { dbPath?: string; loadMedia?: MediaLoader; qrBase?: string; autoReady?: boolean } = {}) {
  const db = openSqlite({ path: o.dbPath ?? ':memory:' });
  const clients: FakeWwebjsClient[] = [];
  const channel = createWhatsAppWebChannel({
    createClient: () => {
      const c = new FakeWwebjsClient({
        pushnames: { [USER]: 'Amy' },
        onInitialize: o.autoReady === false ? 'qr' : 'ready',
      });
      clients.push(c);
      return c;
    },
    offers: sqlOfferStore(db),
    parts: sqlSentParts(db),
    log: silentLog,
    throttle: { minIntervalMs: 0, perMinute: 100_000 },
    loadMedia: o.loadMedia ?? (async () => null),
  });
  const services = composeServices({
    config: parseConfig({ DEFAULT_LANGUAGE: 'en', PUBLIC_BASE_URL: 'https://pl.example' }),
    db,
    clock: systemClock,
    log: silentLog,
    qr: { memberQrUrl: async (code) => `${o.qrBase ?? 'https://pl.example'}/qr/${code}.png` },
    senders: { wa_web: channel.sender },
    profiles: { wa_web: channel.profiles },
  });
  await seedDemoProgram(services, Date.now());
  channel.start(services.inbox);
  for (let i = 0; i < 50 && channel.status().state !== (o.autoReady === false ? 'qr' : 'ready'); i++)
    await new Promise((r) => setTimeout(r, 2));
  const client = () => {
    const c = clients.at(-1);
    if (!c) throw new Error('no client');
    return c;
  };
  const s: Setup = {
    db,
    services,
    channel,
    clients,
    client,
    async say(text, from = USER) {
      const before = client().sent.length;
      client().receive({ from, body: text });
      await channel.settled();
      await services.inbox.drain();
      return client()
        .sent.slice(before)
        .map((m) => m.text);
    },
    async stop() {
      await channel.stop();
      db.close();
    },
  };
  return s;
}

describe('whatsapp-web.js channel', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
    vi.useRealTimers();
  });

  it('keeps the offered options across a restart: "1" still means the first option', async () => {
    const dir = await import('node:fs').then((fs) => fs.mkdtempSync('/tmp/pointloop-wa-web-'));
    const dbPath = `${dir}/t.db`;
    s = await setup({ dbPath });
    expect((await s.say('hi')).join('\n')).toContain('1. Amy');
    await s.stop();
    s = await setup({ dbPath }); // a new process: new channel, new client, same database
    expect((await s.say('1')).join('\n')).toContain('Thanks, Amy!');
    const row = s.db.raw.prepare('SELECT payload FROM inbox_events ORDER BY id DESC LIMIT 1').get() as {
      payload: string;
    };
    expect(JSON.parse(row.payload)).toMatchObject({ type: 'text', text: 'Amy', channel: 'wa_web', userId: USER });
  });

  it('sends the card as MessageMedia with a caption (default loader fetches the QR image)', async () => {
    const images: Server = createServer((req, res) => {
      res.writeHead(req.url?.endsWith('.png') ? 200 : 404, { 'content-type': 'image/png' });
      res.end(PNG);
    });
    await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    try {
      s = await setup({ loadMedia: fetchMedia(silentLog), qrBase: base });
      for (const t of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await s.say(t);
      const card = s.client().sent.find((m) => m.media);
      expect(card?.media).toBeInstanceOf(wwebjs.MessageMedia);
      expect(card?.media).toMatchObject({ mimetype: 'image/png', data: PNG.toString('base64') });
      expect(card?.options?.caption).toContain('*pointloop café membership*');
      expect(card?.options?.caption).toContain('1. Points');
    } finally {
      await new Promise((r) => images.close(r));
    }
  });

  it('reads an image caption as text and keeps @lid ids as given', async () => {
    s = await setup();
    const lid = '123456789012345@lid';
    s.client().receive({ from: lid, type: 'image' as never, body: 'hi', hasMedia: true });
    await s.channel.settled();
    await s.services.inbox.drain();
    expect(s.client().textsTo(lid).join('\n')).toContain('*Welcome');
  });

  it('retries when a send fails half-way without repeating what was already delivered', async () => {
    s = await setup();
    await s.say('hi'); // welcome + name prompt: two messages
    const c = s.client();
    for (const t of ['Amy', '0912345678', 'skip']) await s.say(t);
    c.failCalls.add(c.sendCalls + 2); // the 2nd message of the next turn fails once
    const before = c.sent.length;
    await s.say('agree'); // 3 replies: done, welcome gift, card; the drain retries the row once
    await s.services.inbox.deliverPending();
    const texts = c.sent.slice(before).map((m) => m.text);
    expect(texts).toHaveLength(3);
    expect(new Set(texts).size).toBe(3);
    const row = s.db.raw.prepare('SELECT status, attempts FROM outbox ORDER BY id DESC LIMIT 1').get();
    expect(row).toEqual({ status: 'sent', attempts: 2 });
    // What went out is in the database, with WhatsApp's ids, so a restart would not repeat it either.
    const parts = s.db.raw
      .prepare('SELECT part, message_id FROM outbox_parts WHERE outbox_id = (SELECT MAX(id) FROM outbox) ORDER BY part')
      .all();
    expect(parts).toEqual([0, 1, 2].map((part) => ({ part, message_id: expect.any(String) })));
  });

  it('holds replies while disconnected and sends them once ready again', async () => {
    s = await setup({ autoReady: false });
    expect(s.channel.status()).toMatchObject({ state: 'qr', qr: expect.stringMatching(/^2@fake-qr/) });
    const c = s.client();
    c.receive({ from: USER, body: 'hi' });
    await s.channel.settled();
    await s.services.inbox.drain();
    expect(c.sent).toHaveLength(0);
    expect(s.db.raw.prepare('SELECT status, last_error FROM outbox').get()).toMatchObject({
      status: 'pending',
      last_error: expect.stringContaining('not connected'),
    });
    c.emit('authenticated');
    c.emit('ready');
    // `ready` sends the waiting replies itself (their backoff is cut short); wait for that, not for a drain that may
    // read before the channel's "retry now" has committed.
    await vi.waitFor(() => expect(c.textsTo(USER).join('\n')).toContain('*Welcome'), { timeout: 20_000, interval: 20 });
  });

  it('shows the QR code on an owners-only page', async () => {
    s = await setup({ autoReady: false });
    const authenticate = adminAuthenticator({ adminToken: 'admin-token-0123456789', access: s.services.adminAccess });
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    const app = createHttpApp({
      log: silentLog,
      modules: [whatsappWebQrRoutes({ authenticate, source: s.channel })],
    });
    const staff = await s.services.adminAccess.createToken({ name: 'staff', role: 'staff' }, 'test');
    const owner = await s.services.adminAccess.createToken({ name: 'owner', role: 'owner' }, 'test');
    if (!staff.ok || !owner.ok) throw new Error('tokens');
    expect((await app.request('/admin/whatsapp/qr', bearer(staff.value.plain))).status).toBe(401);
    expect((await app.request('/admin/whatsapp/qr', bearer(owner.value.plain))).status).toBe(200);
    expect((await app.request('/admin/whatsapp/qr')).status).toBe(401);
    expect((await app.request('/admin/whatsapp/qr', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const auth = { headers: { authorization: 'Bearer admin-token-0123456789' } };
    const page = await app.request('/admin/whatsapp/qr', auth);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toMatch(/<img alt="WhatsApp Web QR code"[^>]+src="data:image\/png;base64,/);
    const png = await app.request('/admin/whatsapp/qr.png', auth);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    s.client().emit('ready');
    expect(await (await app.request('/admin/whatsapp/qr', auth)).text()).toContain('Connected');
    expect((await app.request('/admin/whatsapp/qr.png', auth)).status).toBe(404);
    const closed = createHttpApp({
      log: silentLog,
      modules: [
        whatsappWebQrRoutes({
          authenticate: adminAuthenticator({ adminToken: undefined, access: s.services.adminAccess }),
          source: s.channel,
        }),
      ],
    });
    expect((await closed.request('/admin/whatsapp/qr', auth)).status).toBe(401);
  });
});

describe('WhatsApp Web session', () => {
  const log = (): Logger & { lines: string[] } => {
    const lines: string[] = [];
    const rec = (level: string) => (_o: object, msg?: string) => void lines.push(`${level}: ${msg}`);
    return { lines, info: rec('info'), warn: rec('warn'), error: rec('error') };
  };

  it('reconnects with exponential backoff after a disconnect, an auth failure or a failed start', async () => {
    vi.useFakeTimers();
    const clients: FakeWwebjsClient[] = [];
    const modes: ('ready' | 'fail')[] = ['ready', 'fail', 'fail', 'ready'];
    const l = log();
    const session = new WhatsAppWebSession({
      createClient: () => {
        const c = new FakeWwebjsClient({ onInitialize: modes[clients.length] ?? 'ready' });
        clients.push(c);
        return c;
      },
      log: l,
      onMessage: () => {},
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.state).toBe('ready');
    clients[0]?.emit('disconnected', 'NAVIGATION');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.state).toBe('reconnecting');
    expect(clients[0]?.destroyCalls).toBe(1);
    expect(session.client).toBeNull();
    await vi.advanceTimersByTimeAsync(99);
    expect(clients).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 100 ms: 2nd client, fails to start
    expect(clients).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200); // 200 ms: 3rd, fails again
    expect(clients).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(399);
    expect(clients).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1); // 400 ms: 4th, ready
    expect(clients).toHaveLength(4);
    expect(session.state).toBe('ready');
    // Events from a replaced client are ignored.
    clients[0]?.emit('ready');
    clients[0]?.emit('disconnected', 'late');
    expect(session.state).toBe('ready');
    // After ready the backoff starts over.
    clients[3]?.emit('auth_failure', 'restore failed');
    await vi.advanceTimersByTimeAsync(100);
    expect(clients).toHaveLength(5);
    expect(l.lines).toEqual(
      expect.arrayContaining([
        'info: whatsapp web: ready',
        'warn: whatsapp web: disconnected',
        'error: whatsapp web: could not start',
        'error: whatsapp web: authentication failed; a new QR code will be needed',
      ]),
    );
    await session.stop();
    expect(clients[4]?.destroyCalls).toBe(1);
    expect(session.state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(clients).toHaveLength(5);
  });
});

describe('send throttle', () => {
  it('spaces sends to one chat and caps sends per minute overall', () => {
    let now = 0;
    const t = new SendThrottle({ minIntervalMs: 1000, perMinute: 3, now: () => now });
    expect(t.reserve('a')).toBe(0);
    expect(t.reserve('a')).toBe(1000);
    expect(t.reserve('b')).toBe(1000); // another chat need not wait for a's interval, only for the queue
    expect(t.reserve('c')).toBe(60_000); // 4th send within a minute waits for the first to leave the window
    now = 120_000;
    expect(t.reserve('a')).toBe(120_000);
  });

  it('sleeps until the reserved slot', async () => {
    let now = 0;
    const slept: number[] = [];
    const t = new SendThrottle({
      minIntervalMs: 500,
      perMinute: 100,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    await t.wait('a');
    await t.wait('a');
    await t.wait('a');
    expect(slept).toEqual([500, 500]);
  });
});
