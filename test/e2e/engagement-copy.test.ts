// Issue 14, "Engagement copy and flow", on every channel: LINE (signed webhooks, real SDK, fake LINE API),
// whatsapp-web.js (fake client), the WhatsApp Cloud API (signed webhooks, fake Graph) and the simulator (its HTTP
// API). Each member sees their balance and what they lack in the catalogue, names an item instead of its code,
// gets a new balance after a claim, the check-in progress and "Donate" for a donation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../src/main/node.js';
import { startLineDriver } from '../fakes/line-harness.js';
import { shown, startCloudDriver, startWebDriver } from './whatsapp-support.js';

interface Channel {
  /** The member types `text`; resolves with everything the bot showed in answer. */
  say(text: string): Promise<string>;
  stop(): Promise<void>;
}

const channels: Record<string, () => Promise<Channel>> = {
  line: async () => {
    const d = await startLineDriver();
    const user = d.newUser({ displayName: 'Amy', language: 'en' });
    return { say: async (t) => JSON.stringify((await d.say(user, t)).messages), stop: () => d.stop() };
  },
  'whatsapp-web.js': async () => {
    const d = await startWebDriver('88612345678901@lid');
    return { say: async (t) => (await d.say(t)).join('\n'), stop: () => d.stop() };
  },
  'whatsapp cloud api': async () => {
    const d = await startCloudDriver('886912345678');
    // The list rows' descriptions too: what a member sees on opening the list.
    return {
      say: async (t) => {
        const calls = await d.say(t);
        return `${shown(calls)}\n${JSON.stringify(calls.map((c) => c.body))}`;
      },
      stop: () => d.stop(),
    };
  },
  simulator: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointloop-sim-'));
    const server = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, 'sim.db'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'test',
      SIMULATOR: 'on',
      DEFAULT_LANGUAGE: 'en',
    });
    return {
      say: async (text) => {
        const res = await fetch(`${server.url}/simulator/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: 'sim-amy', type: 'text', text }),
        });
        if (res.status !== 200) throw new Error(`simulator answered ${res.status}`);
        // What the page draws: the LINE messages of each reply.
        const body = (await res.json()) as { messages: { line: unknown }[] };
        return JSON.stringify(body.messages.map((m) => m.line));
      },
      stop: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

describe('engagement copy and flow on every channel', () => {
  let current: Channel | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });

  it.each(Object.keys(channels))('%s', async (name) => {
    const start = channels[name];
    if (!start) throw new Error(name);
    current = await start();
    const say = current.say;
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await say(text); // 100 welcome points
    // 1. The catalogue: my balance, what I lack, the limits and stock; 7. the donation says Donate.
    const catalog = await say('coupons');
    expect(catalog).toContain('You have 100 points (Bonus points)');
    expect(catalog).toContain('50 more points needed');
    expect(catalog).toContain('100 left');
    // (100 points: just enough to donate; cancelled.)
    expect(await say('redeem plant')).toContain("Donate to 'Plant a tree'?");
    await say('cancel');
    // 4. Check-in: the streak and the way to the day-7 bonus, in good English.
    const checkin = await say('check in');
    expect(checkin).toContain('1 day in a row');
    expect(checkin).toContain('6 more days for +50 points');
    // 3. A claim: the new balance and the claims left; the list then says I claimed today, with no code.
    const claim = await say('claim DEMO');
    expect(claim).toContain('You now have 160 points. 199 left to claim.');
    const list = await say('giveaways');
    expect(list).toContain('199 left');
    expect(list).toContain('Claimed today');
    expect(list).not.toContain('DEMO');
    expect(list).not.toContain('10,000');
    // 2. An item by its name, not its code; a part of a name that fits one item; one that fits none.
    expect(await say('redeem Large Latte')).toContain("Redeem 'Large latte'?");
    await say('cancel');
    expect(await say('redeem large')).toContain("Redeem 'Large latte'?");
    const coupon = await say('yes');
    // 7. The coupon itself says how to use it.
    expect(coupon).toMatch(/[A-Z2-9]{12}/);
    expect(await say('my coupons')).toContain('Large latte');
    expect(await say('redeem espresso')).toContain("We couldn't find 'espresso' in the coupon mall");
    expect(await say('redeem plant')).toContain("You need 90 more points for 'Plant a tree'");
  });
});
