// Signed QR links: a valid token gives a PNG; unsigned, tampered or malformed tokens get 404; no personal data.
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/db/sqlite.js';
import { createHttpApp } from '../../../src/http/app.js';
import { createQrSigner, qrRoutes } from '../../../src/http/qr.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { composeServices } from '../../../src/main/compose.js';
import { parseConfig } from '../../../src/main/config.js';
import { seedDemoProgram } from '../../../src/main/demo-seed.js';
import { RecordingSender, silentLog } from '../../support/chat-harness.js';

const SECRET = 'a-test-secret-of-some-length';
const BASE = 'https://pl.example';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function setup(secret = SECRET) {
  const signer = createQrSigner(secret, `${BASE}/`);
  const app = createHttpApp({ log: silentLog, modules: [qrRoutes(signer)] });
  return { signer, app };
}

const pathOf = (url: string) => new URL(url).pathname;
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const decode = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

function tokenOf(url: string): { payload: string; sig: string } {
  const m = /^https:\/\/pl\.example\/qr\/([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.png$/.exec(url);
  if (!m?.[1] || !m[2]) throw new Error(`unexpected QR URL ${url}`);
  return { payload: m[1], sig: m[2] };
}

async function expectNotFound(app: ReturnType<typeof setup>['app'], path: string) {
  const res = await app.request(path);
  expect(res.status, path).toBe(404);
  expect(await res.json()).toEqual({ error: 'not_found' });
}

describe('QR links', () => {
  it('serves a PNG for a signed member code, cacheable', async () => {
    const { signer, app } = setup();
    const url = await signer.memberQrUrl('1234567890');
    expect(url.startsWith(`${BASE}/qr/`)).toBe(true);
    expect(await signer.verify(pathOf(url).slice('/qr/'.length, -'.png'.length))).toBe('1234567890');
    const res = await app.request(pathOf(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('max-age=');
    const body = new Uint8Array(await res.arrayBuffer());
    expect([...body.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(body.length).toBeGreaterThan(100);
    // The same code always gets the same URL (cacheable by LINE), coupon codes sign too.
    expect(await signer.memberQrUrl('1234567890')).toBe(url);
    expect((await app.request(pathOf(await signer.memberQrUrl('ABCD2345EFGH')))).status).toBe(200);
  });

  it('answers 404 to tampered, foreign, unsigned or malformed tokens', async () => {
    const { signer, app } = setup();
    const { payload, sig } = tokenOf(await signer.memberQrUrl('1234567890'));
    const other = tokenOf(await signer.memberQrUrl('9999999999'));
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    await expectNotFound(app, `/qr/${b64url('1234567891')}.${sig}.png`); // payload swapped, old signature
    await expectNotFound(app, `/qr/${other.payload}.${sig}.png`); // another code's payload
    await expectNotFound(app, `/qr/${payload}.${flip(sig, 5)}.png`); // signature tampered
    await expectNotFound(app, `/qr/${payload}.${sig.slice(0, -2)}.png`); // signature cut
    await expectNotFound(app, `/qr/${payload}.${sig}A.png`); // signature longer
    await expectNotFound(app, `/qr/${payload}.png`); // unsigned
    await expectNotFound(app, `/qr/${payload}.${sig}`); // not .png
    await expectNotFound(app, `/qr/${payload}.${sig}.jpg`);
    await expectNotFound(app, `/qr/${payload}.${sig}.${sig}.png`);
    await expectNotFound(app, '/qr/garbage.png');
    await expectNotFound(app, '/qr/.png');
    await expectNotFound(app, '/qr/%00.%00.png');
    await expectNotFound(app, `/qr/${'A'.repeat(5000)}.${sig}.png`);
    await expectNotFound(app, `/qr/${payload}.${sig.replace(/.$/, '=')}.png`); // non-canonical base64
    // Signed with another secret: not ours.
    const foreign = await setup('another-secret-entirely-1234').signer.memberQrUrl('1234567890');
    await expectNotFound(app, pathOf(foreign));
    expect(await signer.verify(`${payload}.${flip(sig, 0)}`)).toBeNull();
  });

  it('refuses to sign anything but a code', async () => {
    const { signer } = setup();
    await expect(signer.memberQrUrl('Amy Chen')).rejects.toThrow('malformed code');
    await expect(signer.memberQrUrl('+886912345678')).rejects.toThrow('malformed code');
    expect(() => createQrSigner('', BASE)).toThrow('secret');
  });

  it('a registered member card links a QR whose URL carries only the member code', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 1, 0, 0));
    const sender = new RecordingSender();
    const { signer, app } = setup();
    const services = composeServices({
      config: parseConfig({ PUBLIC_BASE_URL: BASE }),
      db: openSqlite({ path: ':memory:' }),
      clock,
      log: silentLog,
      qr: signer,
      senders: { simulator: sender },
      profiles: { simulator: { profile: async () => ({ displayName: 'Amy Chen', language: 'en' }) } },
    });
    await seedDemoProgram(services, clock.now());
    let n = 0;
    for (const text of ['hi', 'Amy Chen', '0912-345-678', '1990-05-31', 'agree']) {
      await services.inbox.accept([
        { channel: 'simulator', userId: 'u1', eventId: `q${++n}`, occurredAt: clock.now(), type: 'text', text },
      ]);
      await services.inbox.drain();
    }
    const card = sender.sent.flatMap((s) => s.replies).find((r) => r.kind === 'card');
    if (card?.kind !== 'card') throw new Error('no card');
    const { payload, sig } = tokenOf(card.qrUrl);
    // The URL is exactly base + the rotating member token (base64url) + a signature: there is room for nothing
    // else. The token names the member by their random id only, and the store API accepts it for 5 minutes.
    const token = decode(payload);
    expect(token).toMatch(/^pm1\.[0-9a-f]{32}\.\d+\.[A-Za-z0-9_-]{22}$/);
    expect(card.qrUrl).toBe(`${BASE}/qr/${b64url(token)}.${sig}.png`);
    expect(token).not.toContain(card.memberCode ?? 'none');
    for (const personal of [
      'Amy Chen',
      'Chen',
      '912345678',
      '1990-05-31',
      b64url('Amy Chen'),
      b64url('+886912345678'),
    ]) {
      expect(card.qrUrl).not.toContain(personal);
      expect(decode(payload)).not.toContain(personal);
    }
    expect(sig).toHaveLength(43); // a 256-bit HMAC, nothing else
    const res = await app.request(pathOf(card.qrUrl));
    expect(res.status).toBe(200);
    expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it('takes an injected PNG renderer (for runtimes without the qrcode package)', async () => {
    const signer = createQrSigner(SECRET, BASE);
    const drawn: string[] = [];
    const png = async (text: string) => {
      drawn.push(text);
      return new Uint8Array(PNG_SIGNATURE);
    };
    const app = createHttpApp({ log: silentLog, modules: [qrRoutes(signer, { png })] });
    const res = await app.request(pathOf(await signer.memberQrUrl('1234567890')));
    expect(res.status).toBe(200);
    expect(drawn).toEqual(['1234567890']);
  });
});
