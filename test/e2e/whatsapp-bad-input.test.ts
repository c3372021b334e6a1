// Bad and unusual input on both WhatsApp channels, through the real Node server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeader } from '../../src/channels/whatsapp-cloud/signature.js';
import {
  CLOUD,
  type CloudDriver,
  shown,
  startCloudDriver,
  startWebDriver,
  type WebDriver,
} from './whatsapp-support.js';

const HELP_UNSUPPORTED = 'I can only read text and buttons for now';

describe('WhatsApp Cloud API webhook: bad input (real HTTP)', () => {
  let d: CloudDriver;
  beforeAll(async () => {
    d = await startCloudDriver('886911111111');
  });
  afterAll(async () => {
    await d.stop();
  });

  const verify = (q: Record<string, string>) =>
    fetch(`${d.server.url}/webhooks/whatsapp?${new URLSearchParams(q).toString()}`);

  it('answers the verification handshake with the challenge, and 403 to a wrong or missing token', async () => {
    const ok = await verify({
      'hub.mode': 'subscribe',
      'hub.verify_token': CLOUD.verifyToken,
      'hub.challenge': '1158201444',
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': 'x' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('x');
    expect(
      (await verify({ 'hub.mode': 'unsubscribe', 'hub.verify_token': CLOUD.verifyToken, 'hub.challenge': 'x' })).status,
    ).toBe(403);
    expect((await verify({ 'hub.challenge': 'x' })).status).toBe(403);
  });

  it('refuses a bad, missing or foreign signature with 401 and stores nothing', async () => {
    const body = JSON.stringify(
      d.payload('886911111111', [
        { from: '886911111111', id: 'wamid.SIG1', timestamp: '1', type: 'text', text: { body: 'hi' } },
      ]),
    );
    const wrongSecret = await signatureHeader('not-the-app-secret', body);
    for (const sig of [wrongSecret, 'sha256=', 'sha256=zz', 'md5=abc', '']) {
      const res = await d.post(body, sig);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'invalid_signature' });
    }
    // A valid signature of another body does not carry over.
    const other = await signatureHeader(CLOUD.appSecret, `${body} `);
    expect((await d.post(body, other)).status).toBe(401);
    expect(d.probe.raw.prepare("SELECT COUNT(*) AS n FROM inbox_events WHERE event_id = 'wamid.SIG1'").get()).toEqual({
      n: 0,
    });
  });

  it('answers 400 to malformed JSON and to payloads of the wrong shape', async () => {
    const bad = async (raw: string) => {
      const res = await d.post(raw);
      return { status: res.status, body: (await res.json()) as { error: string; field?: string } };
    };
    expect(await bad('{"object": "whatsapp_business_account", "entry": [')).toMatchObject({
      status: 400,
      body: { error: 'invalid_json' },
    });
    expect(await bad(JSON.stringify({ object: 'page', entry: [] }))).toMatchObject({
      status: 400,
      body: { error: 'invalid_payload', field: 'object' },
    });
    const noId = d.payload('886911111111', [
      { from: '886911111111', timestamp: '1', type: 'text', text: { body: 'hi' } },
    ]);
    expect(await bad(JSON.stringify(noId))).toMatchObject({
      status: 400,
      body: { error: 'invalid_payload', field: 'entry.0.changes.0.value.messages.0.id' },
    });
    expect(await bad(JSON.stringify([1, 2]))).toMatchObject({ status: 400 });
  });

  it('answers stickers, locations and voice notes with help, and ignores reactions', async () => {
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await d.say(text, '886922222222');
    for (const message of [
      { type: 'sticker', sticker: { id: 'media-1', mime_type: 'image/webp', animated: false } },
      { type: 'location', location: { latitude: 25.03, longitude: 121.56, name: 'Taipei 101' } },
      { type: 'audio', audio: { id: 'media-2', mime_type: 'audio/ogg; codecs=opus', voice: true } },
      { type: 'image', image: { id: 'media-3', mime_type: 'image/jpeg' } },
    ]) {
      const calls = await d.say(message, '886922222222');
      expect(shown(calls)).toContain(HELP_UNSUPPORTED);
    }
    const before = d.graph.calls.length;
    const reaction = {
      from: '886922222222',
      id: 'wamid.REACT1',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'reaction',
      reaction: { message_id: 'wamid.X', emoji: '👍' },
    };
    expect((await d.post(JSON.stringify(d.payload('886922222222', [reaction])))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(d.graph.calls.length).toBe(before);
    expect(d.probe.raw.prepare("SELECT COUNT(*) AS n FROM inbox_events WHERE event_id = 'wamid.REACT1'").get()).toEqual(
      {
        n: 0,
      },
    );
  });

  it('processes a redelivered message once (same wamid)', async () => {
    const message = {
      from: '886933333333',
      id: 'wamid.DUP1',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'text',
      text: { body: 'hi' },
    };
    const body = JSON.stringify(d.payload('886933333333', [message]));
    expect((await d.post(body)).status).toBe(200);
    await d.probe.settled('wa_cloud', 'wamid.DUP1');
    const after = d.graph.sentTo('886933333333').length;
    expect(after).toBeGreaterThan(0);
    expect((await d.post(body)).status).toBe(200);
    await d.probe.settled('wa_cloud', 'wamid.DUP1');
    await new Promise((r) => setTimeout(r, 50));
    expect(d.graph.sentTo('886933333333').length).toBe(after);
  });

  it('records delivery statuses without treating them as messages', async () => {
    const statuses = [
      { id: 'wamid.OUT1', status: 'sent', timestamp: '1750000000', recipient_id: '886944444444' },
      { id: 'wamid.OUT1', status: 'delivered', timestamp: '1750000001', recipient_id: '886944444444' },
      {
        id: 'wamid.OUT2',
        status: 'failed',
        timestamp: '1750000002',
        recipient_id: '886944444444',
        errors: [{ code: 131047, title: 'Re-engagement message' }],
      },
    ];
    const body = JSON.stringify(d.payload('886944444444', [], { statuses }));
    expect((await d.post(body)).status).toBe(200);
    expect((await d.post(body)).status).toBe(200); // redelivered: recorded once
    const rows = d.probe.raw
      .prepare('SELECT wamid, status, error_code FROM whatsapp_cloud_statuses ORDER BY id')
      .all() as { wamid: string; status: string; error_code: number | null }[];
    expect(rows).toEqual([
      { wamid: 'wamid.OUT1', status: 'sent', error_code: null },
      { wamid: 'wamid.OUT1', status: 'delivered', error_code: null },
      { wamid: 'wamid.OUT2', status: 'failed', error_code: 131047 },
    ]);
    const inbox = d.probe.raw.prepare("SELECT COUNT(*) AS n FROM inbox_events WHERE user_id = '886944444444'").get();
    expect(inbox).toEqual({ n: 0 });
  });

  it('does not send free-form replies outside the 24-hour window', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 25 * 3600);
    const message = { from: '886955555555', id: 'wamid.OLD1', timestamp: old, type: 'text', text: { body: 'hi' } };
    expect((await d.post(JSON.stringify(d.payload('886955555555', [message])))).status).toBe(200);
    await d.probe.settled('wa_cloud', 'wamid.OLD1');
    expect(d.graph.sentTo('886955555555')).toHaveLength(0);
    const row = d.probe.raw
      .prepare("SELECT status, last_error FROM outbox WHERE channel = 'wa_cloud' AND user_id = '886955555555'")
      .get();
    expect(row).toEqual({ status: 'failed', last_error: 'outside_24h_window' });
  });
});

describe('whatsapp-web.js: what is ignored and what is answered', () => {
  let d: WebDriver;
  beforeAll(async () => {
    d = await startWebDriver('886966666666@c.us');
  });
  afterAll(async () => {
    await d.stop();
  });

  const inboxCount = () =>
    (d.probe.raw.prepare("SELECT COUNT(*) AS n FROM inbox_events WHERE channel = 'wa_web'").get() as { n: number }).n;

  it('ignores group messages, status broadcasts and our own messages', async () => {
    const before = inboxCount();
    d.client.receive({ from: '120363025555555555@g.us', author: '886966666666@c.us', body: 'points' });
    d.client.receive({ from: 'status@broadcast', author: '886966666666@c.us', body: 'hello', isStatus: true });
    d.client.receive({ from: '886966666666@c.us', body: 'echo', fromMe: true });
    // A real message after them: once it is processed, the ignored ones have had every chance to show up.
    await d.say('hi');
    expect(inboxCount()).toBe(before + 1);
    expect(d.client.sent.some((s) => s.chatId.endsWith('@g.us') || s.chatId === 'status@broadcast')).toBe(false);
  });

  it('processes the same message emitted twice once', async () => {
    const msg = d.client.receive({ from: '886977777777@c.us', body: 'hi' });
    d.client.redeliver(msg);
    d.client.redeliver(msg);
    await d.probe.settled('wa_web', msg.id._serialized);
    await new Promise((r) => setTimeout(r, 50));
    const rows = d.probe.raw
      .prepare('SELECT COUNT(*) AS n FROM inbox_events WHERE event_id = ?')
      .get(msg.id._serialized);
    expect(rows).toEqual({ n: 1 });
    const welcomes = d.client.textsTo('886977777777@c.us').filter((t) => t.includes('*Welcome'));
    expect(welcomes).toHaveLength(1);
  });

  it('answers stickers, locations, voice notes and captionless images with help', async () => {
    const user = '886988888888@lid';
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) {
      const m = d.client.receive({ from: user, body: text });
      await d.probe.settled('wa_web', m.id._serialized);
    }
    for (const type of ['sticker', 'location', 'ptt', 'audio', 'image'] as const) {
      const before = d.client.sent.length;
      const msg = d.client.receive({ from: user, type: type as never, body: '', hasMedia: type !== 'location' });
      await d.probe.settled('wa_web', msg.id._serialized);
      const texts = d.client.sent.slice(before).map((s) => s.text);
      expect(texts.join('\n')).toContain(HELP_UNSUPPORTED);
      expect(d.client.sent.slice(before).every((s) => s.chatId === user)).toBe(true);
    }
  });
});
