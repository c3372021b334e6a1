// Check-in, a giveaway claim, a redemption and my coupons through signed LINE webhooks, the real SDK client and
// the fake LINE API; then the store marks the coupon used over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineDriver, startLineDriver } from '../fakes/line-harness.js';

const ADMIN = 'admin-token-0123456789';

describe('engagement over LINE', () => {
  let line: LineDriver;
  let user: string;

  beforeAll(async () => {
    line = await startLineDriver({ ADMIN_TOKEN: ADMIN });
    user = line.newUser({ displayName: 'Amy', language: 'en' });
    for (const input of ['follow', 'Amy', '0912345678', 'skip'] as const) await line.say(user, input);
    await line.say(user, { postback: 'cmd=agree' });
  });
  afterAll(async () => line?.stop());

  it('checks in once a day', async () => {
    expect((await line.say(user, 'check in')).text).toContain('+10 points for checking in today');
    expect((await line.say(user, '簽到')).text).toContain('already checked in');
  });

  it('claims the DEMO giveaway from the list, once, and says what is left', async () => {
    const list = await line.say(user, 'giveaways');
    const flex = JSON.stringify(list.messages);
    const data = /"data":"(cmd=claim[^"]+)"/.exec(flex)?.[1];
    expect(data).toBeDefined();
    const claimed = await line.say(user, { postback: data ?? '' });
    expect(claimed.text).toContain('+50 points');
    // The new balance (100 welcome + 10 check-in + 50) and the claims left, as the committing batch saw them.
    expect(claimed.text).toContain('You now have 160 points. 199 left to claim.');
    expect(claimed.messages.at(-1)?.quickReply?.items.length ?? 0).toBeGreaterThan(0);
    expect((await line.say(user, { postback: data ?? '' })).text).toContain("You've claimed");
    // Claimed today: the card says so and has no claim button any more.
    const after = await line.say(user, 'giveaways');
    expect(after.text).toContain('Claimed today · come back tomorrow');
    expect(JSON.stringify(after.messages)).not.toMatch(/"data":"cmd=claim/);
  });

  it('redeems a latte after confirming, lists it in my coupons, and a store marks it used once', async () => {
    const confirm = await line.say(user, { postback: 'cmd=choose&item=latte' });
    expect(confirm.text).toContain('Your balance after: 10');
    const coupon = await line.say(user, { postback: 'cmd=agree' });
    const code = /\b([A-Z2-9]{12})\b/.exec(coupon.text)?.[1];
    expect(code).toBeDefined();
    expect((await line.say(user, 'my coupons')).text).toContain(code ?? '-');
    expect(line.count("SELECT COUNT(*) AS n FROM coupons WHERE status = 'active'")).toBe(1);

    const base = line.server.url;
    const created = await fetch(`${base}/admin/stores/S1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Main St' }),
    });
    const { key } = (await created.json()) as { key: string };
    const redeem = (auth?: string) =>
      fetch(`${base}/api/store/coupons/${code}/redeem`, {
        method: 'POST',
        headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'idempotency-key': 'pos-1' },
      });
    expect((await redeem()).status).toBe(401);
    expect((await redeem('plsk_wrong')).status).toBe(401);
    expect((await redeem(key)).status).toBe(200);
    expect(await (await redeem(key)).json()).toMatchObject({ replayed: true });
    expect((await line.say(user, 'my coupons')).text).toMatch(/Used on \d{4}-\d{2}-\d{2}/);
  });
});
