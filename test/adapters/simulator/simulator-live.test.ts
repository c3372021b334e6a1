// The simulator's wiring on Node: it draws the Flex templates of FLEX_TEMPLATES_DIR (those the LINE channel uses,
// not the bundled ones), and its conversation and stream routes refuse bad input and keep the production guard.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../../src/main/node.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers are checked by the assertions themselves
type Json = any;

describe('simulator on Node', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-sim-live-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws the templates of FLEX_TEMPLATES_DIR and reads the conversation back from the database', async () => {
    const templates = join(dir, 'brand');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(templates);
    const theme = JSON.parse(readFileSync('flex-templates/theme.json', 'utf8'));
    theme.brandName = 'Brand Preview Co';
    theme.colors.primary = '#123456';
    writeFileSync(join(templates, 'theme.json'), JSON.stringify(theme));
    const server = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, 'a.db'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'development',
      FLEX_TEMPLATES_DIR: templates,
    });
    try {
      const post = (body: unknown) =>
        fetch(`${server.url}/simulator/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const answer: Json = await (await post({ userId: 'sim-brand', type: 'follow', language: 'en' })).json();
      await post({ userId: 'sim-brand', type: 'text', text: 'Amy' });
      const line = JSON.stringify(answer.messages.map((m: { line: unknown }) => m.line));
      expect(line).toContain('"type":"flex"');
      expect(line).toMatch(/#123456|Brand Preview Co/);

      const history: Json = await (await fetch(`${server.url}/simulator/api/conversation?userId=sim-brand`)).json();
      expect(history.entries.map((e: { from: string }) => e.from)).toEqual(['member', 'bot', 'member', 'bot']);
      expect(history.entries[0]).toEqual({ from: 'member', at: expect.any(Number), event: { type: 'follow' } });
      expect(history.entries[2]).toMatchObject({ from: 'member', event: { type: 'text', text: 'Amy' } });
      expect(history.entries[2].event).not.toHaveProperty('eventId');
      expect(JSON.stringify(history.entries[1].line)).toMatch(/#123456|Brand Preview Co/);

      for (const path of ['conversation', 'stream']) {
        const bad = await fetch(`${server.url}/simulator/api/${path}?userId=not-a-sim-user`);
        expect(bad.status).toBe(400);
        expect(await bad.json()).toEqual({ error: 'invalid_request', field: 'userId' });
      }
    } finally {
      await server.close();
    }
  });

  it('keeps the admin token on the conversation and the stream in production', async () => {
    const server = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, 'b.db'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'production',
      SIMULATOR: 'on',
      ADMIN_TOKEN: 'production-admin-token-0123456789',
      PUBLIC_BASE_URL: 'https://pl.example',
      QR_SIGNING_SECRET: 'qr-signing-secret-0123456789abcdef',
    });
    try {
      for (const path of ['conversation', 'stream']) {
        const r = await fetch(`${server.url}/simulator/api/${path}?userId=sim-amy`);
        expect(r.status).toBe(401);
      }
      const ok = await fetch(
        `${server.url}/simulator/api/conversation?userId=sim-amy&token=production-admin-token-0123456789`,
      );
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ entries: [] });
    } finally {
      await server.close();
    }
  });
});
