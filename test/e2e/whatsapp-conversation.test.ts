// The scripted conversation (register -> points -> check in -> claim DEMO -> choose a latte -> confirm -> my coupons
// -> history) through the real Node server, once over whatsapp-web.js (fake client, answers by number and keyword)
// and once over the Cloud API (signed webhooks over HTTP, fake Graph; answers by tapping buttons and list rows).
// Both end with the same ledger state: 100 + 10 + 50 - 150 = 10 bonus points and one coupon.
import { afterEach, describe, expect, it } from 'vitest';
import type { GraphCall } from '../fakes/fake-graph-server.js';
import { type CloudDriver, shown, startCloudDriver, startWebDriver, tap, type WebDriver } from './whatsapp-support.js';

const all = (texts: string[]) => texts.join('\n---\n');

describe('scripted conversation over WhatsApp', () => {
  let web: WebDriver | undefined;
  let cloud: CloudDriver | undefined;
  afterEach(async () => {
    await web?.stop();
    await cloud?.stop();
    web = undefined;
    cloud = undefined;
  });

  it('whatsapp-web.js: numbered options answered with numbers and keywords', async () => {
    const user = '88612345678901@lid';
    web = await startWebDriver(user);
    const d = web;

    const hello = all(await d.say('hi'));
    expect(hello).toContain('*Welcome');
    expect(hello).toMatch(/1\. Amy\n2\. Cancel/); // the WhatsApp profile name, offered as option 1
    expect(all(await d.say('1'))).toContain('Amy'); // "1" -> the name
    expect(all(await d.say('0912345678'))).toMatch(/1\. Skip/);
    expect(all(await d.say('１'))).toMatch(/1\. Agree/); // full-width digit: Skip
    const joined = await d.say('1'); // Agree
    expect(all(joined)).toContain('100');
    const card = d.client.sent.find((s) => s.text.includes('*pointloop café'));
    expect(card?.chatId).toBe(user);

    expect(all(await d.say('Points'))).toMatch(/Bonus points: \*100\*/); // a menu label as keyword
    expect(all(await d.say('check in'))).toContain('+10 points');
    const giveaways = all(await d.say('giveaways'));
    expect(giveaways).toMatch(/1\. \*Grand opening flash giveaway\* → Get 50 points/);
    expect(all(await d.say('1'))).toContain('+50 points');
    const catalog = all(await d.say('coupons'));
    expect(catalog).toMatch(/1\. \*Large latte\* → /);
    expect(all(await d.say('1'))).toContain('It costs 150 points. Your balance after: 10 points.');
    const coupon = await d.say('1'); // Confirm
    expect(all(coupon)).toContain('*Large latte*');
    const mine = all(await d.say('my coupons'));
    expect(mine).toMatch(/1\. \*Large latte\*/);
    const history = all(await d.say('history'));
    expect(history).toContain('-150');
    expect(history).toContain('+50');
    expect(history).toContain('+10');
    expect(history).toContain('+100');

    expect(d.probe.memberState()).toMatchObject({ balance: 10, coupons: 1 });
    expect(d.client.sent.every((s) => s.chatId === user)).toBe(true);
  });

  it('Cloud API: interactive buttons and lists tapped, over signed webhooks and a fake Graph', async () => {
    const user = '886912345678';
    cloud = await startCloudDriver(user);
    const d = cloud;
    const auth = `Bearer EAAG-test-access-token`;

    const hello = await d.say('hi');
    expect(shown(hello)).toContain('*Welcome');
    // Name prompt: "Amy" (the profile name from the webhook's contacts) and Cancel fit as reply buttons.
    const nameTap = tap(hello, 'Amy');
    expect(hello.at(-1)?.body.interactive?.type).toBe('button');
    expect(all((await d.say(nameTap)).map((c) => shown([c])))).toContain('Amy');
    const birthday = await d.say('0912345678');
    const consent = await d.say(tap(birthday, 'Skip'));
    const joined = await d.say(tap(consent, 'Agree'));
    expect(shown(joined)).toContain('100');
    expect(joined.some((c) => c.body.type === 'image' && c.body.image?.caption?.includes('pointloop café'))).toBe(true);

    const points = await d.say(tap(joined, 'Points'));
    expect(shown(points)).toMatch(/Bonus points: \*100\*/);
    const checkin = await d.say('check in');
    expect(shown(checkin)).toContain('+10 points');
    const giveaways = await d.say(tap(checkin, 'Giveaways'));
    const list = giveaways.find((c) => c.body.interactive?.type === 'list');
    expect(list?.body.interactive?.action.sections?.[0]?.rows[0]?.id).toMatch(/^cmd=claim&g=DEMO&n=/);
    const claimed = await d.say(tap(giveaways, /^Grand opening/));
    expect(shown(claimed)).toContain('+50 points');
    const catalog = await d.say('coupons');
    const confirm = await d.say(tap(catalog, 'Large latte'));
    expect(shown(confirm)).toContain('It costs 150 points. Your balance after: 10 points.');
    expect(confirm.at(-1)?.body.interactive?.type).toBe('button');
    const coupon = await d.say(tap(confirm, 'Confirm'));
    expect(coupon.some((c) => c.body.type === 'image' && c.body.image?.caption?.includes('*Large latte*'))).toBe(true);
    const mine = await d.say('my coupons');
    expect(shown(mine)).toContain('Large latte');
    // A typed number works on the Cloud API too: 1 = the first row offered (the coupon).
    const shownCoupon = await d.say('1');
    expect(shownCoupon.some((c) => c.body.type === 'image' && c.body.image?.caption?.includes('Large latte'))).toBe(
      true,
    );
    const history = shown(await d.say(tap(shownCoupon, 'History')));
    for (const delta of ['-150', '+50', '+10', '+100']) expect(history).toContain(delta);

    expect(d.probe.memberState()).toMatchObject({ balance: 10, coupons: 1 });
    const calls: GraphCall[] = d.graph.calls;
    expect(calls.every((c) => c.authorization === auth && c.phoneNumberId === '109876543210')).toBe(true);
    expect(calls.every((c) => c.body.messaging_product === 'whatsapp' && c.body.to === user)).toBe(true);
  });
});
