// ONE scripted conversation (register, points, check-in, claim DEMO, redeem a latte, my coupons, history) run over
// every channel: LINE (signed webhooks, real SDK, fake LINE API), whatsapp-web.js (fake client), the WhatsApp
// Cloud API (signed webhooks, fake Graph) and the simulator (its HTTP API). Each ends with the same ledger state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../src/main/node.js';
import { startLineDriver } from '../fakes/line-harness.js';
import { startCloudDriver, startWebDriver } from './whatsapp-support.js';

interface Channel {
  /** The member types `text`; resolves once it is processed and the replies are out. */
  say(text: string): Promise<string>;
  dbPath: string;
  stop(): Promise<void>;
}

const SCRIPT = [
  'hi',
  'Amy',
  '0912345678',
  'skip',
  'agree',
  'points',
  'check in',
  'claim DEMO',
  'redeem latte',
  'yes',
  'my coupons',
  'history',
];

const channels: Record<string, () => Promise<Channel>> = {
  line: async () => {
    const d = await startLineDriver();
    const user = d.newUser({ displayName: 'Amy', language: 'en' });
    return {
      say: async (t) => JSON.stringify((await d.say(user, t)).messages),
      dbPath: d.dbPath,
      stop: () => d.stop(),
    };
  },
  'whatsapp-web.js': async () => {
    const d = await startWebDriver('88612345678901@lid');
    return { say: async (t) => JSON.stringify(await d.say(t)), dbPath: d.probe.raw.name, stop: () => d.stop() };
  },
  'whatsapp cloud api': async () => {
    const d = await startCloudDriver('886912345678');
    return { say: async (t) => JSON.stringify(await d.say(t)), dbPath: d.probe.raw.name, stop: () => d.stop() };
  },
  simulator: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointloop-sim-'));
    const dbPath = join(dir, 'sim.db');
    const server = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'test',
      SIMULATOR: 'on',
      DEFAULT_LANGUAGE: 'en',
    });
    const post = async (body: object) => {
      const res = await fetch(`${server.url}/simulator/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'sim-amy', ...body }),
      });
      if (res.status !== 200) throw new Error(`simulator answered ${res.status}`);
      return res.text();
    };
    return {
      say: (text) => post({ type: 'text', text }),
      dbPath,
      stop: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

describe('the same conversation on every channel', () => {
  let current: Channel | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });

  it.each(
    Object.keys(channels),
  )('%s ends with 100 + 10 + 50 - 150 = 10 bonus points and one latte coupon', async (name) => {
    const start = channels[name];
    if (!start) throw new Error(name);
    current = await start();
    const said: string[] = [];
    for (const text of SCRIPT) said.push(await current.say(text));
    // Registration shows its progress on each step, and consent is a card with the terms and privacy links.
    expect(said[0]).toContain('Step 1 of 4');
    expect(said[1]).toContain('Step 2 of 4');
    expect(said[2]).toContain('Step 3 of 4');
    expect(said[3]).toContain('Step 4 of 4');
    expect(said[3]).toContain('https://');
    expect(said[3]).toMatch(/Agree/);
    expect(said[3]).toMatch(/Decline/);
    const db = new BetterSqlite3(current.dbPath, { readonly: true });
    try {
      const member = db.prepare('SELECT id FROM members').all() as { id: string }[];
      expect(member).toHaveLength(1);
      const id = member[0]?.id;
      const wallet = db
        .prepare("SELECT balance FROM accounts WHERE kind = 'wallet' AND owner = ? AND point_type = 'bonus'")
        .get(id);
      expect(wallet).toEqual({ balance: 10 });
      const history = db
        .prepare(
          `SELECT t.reason_code AS reason, CASE WHEN c.owner = ? THEN t.amount ELSE -t.amount END AS delta
           FROM transfers t JOIN accounts c ON c.id = t.credit_account_id JOIN accounts d ON d.id = t.debit_account_id
           WHERE c.owner = ? OR d.owner = ? ORDER BY t.id`,
        )
        .all(id, id, id);
      expect(history).toEqual([
        { reason: 'welcome_bonus', delta: 100 },
        { reason: 'checkin', delta: 10 },
        { reason: 'giveaway', delta: 50 },
        { reason: 'coupon', delta: -150 },
      ]);
      expect(db.prepare('SELECT item_code, status FROM coupons WHERE member_id = ?').all(id)).toEqual([
        { item_code: 'latte', status: 'active' },
      ]);
    } finally {
      db.close();
    }
  });
});
