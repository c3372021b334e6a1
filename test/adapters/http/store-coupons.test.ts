// Coupons at the till (issue 13, part 3), SQLite: GET /api/store/coupons/:code looks a coupon up; a scanned member
// card answers 422 not_a_coupon_code; a 409 for a used coupon says when and where; the member is told (an outbox
// push in the same batch) when a coupon is used at a store and when staff cancel one and the points come back.
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/db/sqlite.js';
import { createHttpApp } from '../../../src/http/app.js';
import { storeApi } from '../../../src/stores/http.js';
import { type ChatHarness, chatHarness, silentLog } from '../../support/chat-harness.js';

describe('coupons at the till (store API, SQLite)', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  let key: string;
  const get = (code: string, k = key) =>
    app.request(`/api/store/coupons/${encodeURIComponent(code)}`, { headers: { authorization: `Bearer ${k}` } });
  const redeem = (code: string, idem: string, k = key) =>
    app.request(`/api/store/coupons/${code}/redeem`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k}`, 'idempotency-key': idem },
    });
  const pushes = () =>
    h.services.db.all<{ replies: string }>('SELECT replies FROM outbox WHERE inbox_id IS NULL ORDER BY id');

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en' });
    app = createHttpApp({ log: silentLog, modules: [storeApi(h.services.stores, h.services.coupons)] });
    key = (await h.services.stores.createStoreKey('S1', 'Main St')).key;
  });

  async function memberWithLatte(): Promise<{
    code: string;
    card: { qr: string; number: string; memberCode: string };
  }> {
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree', 'claim DEMO']) await h.say('u1', text);
    await h.say('u1', { postback: 'cmd=choose&item=latte' });
    const coupon = await h.say('u1', 'yes');
    if (coupon[0]?.kind !== 'coupon') throw new Error(`no coupon: ${coupon[0]?.text}`);
    const card = (await h.say('u1', 'card')).find((r) => r.kind === 'card');
    if (card?.kind !== 'card' || !card.memberCode) throw new Error('no card');
    const qr = decodeURIComponent(/\/qr\/(.+)\.png$/.exec(card.qrUrl)?.[1] ?? '');
    return { code: coupon[0].code, card: { qr, number: card.tokenCode, memberCode: card.memberCode } };
  }

  it('looks a coupon up: item, status, valid-until and store scope, and writes nothing', async () => {
    const { code } = await memberWithLatte();
    const before = await pushes();
    const res = await get(code.toLowerCase());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { coupon: Record<string, unknown> };
    expect(body.coupon).toMatchObject({
      code,
      item: 'latte',
      status: 'active',
      storeScope: null,
      usableHere: true,
      usedAt: null,
      store: null,
    });
    expect(typeof body.coupon.validUntil).toBe('number');
    expect((body.coupon.name as { en: string }).en).toMatch(/latte/i);
    expect(await h.services.db.first('SELECT status FROM coupons WHERE code = ?', [code])).toEqual({
      status: 'active',
    });
    expect(await pushes()).toEqual(before);
    expect((await get(code, 'plsk_wrong')).status).toBe(401);
    const missing = await get('ABCDEFGHJKMN');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'coupon_not_found' });
  });

  it('answers 422 not_a_coupon_code for a member token, its numeric form or a member code', async () => {
    const { card } = await memberWithLatte();
    for (const scanned of [card.qr, card.number, card.number.replaceAll(' ', ''), card.memberCode]) {
      const res = await get(scanned);
      expect(res.status, scanned).toBe(422);
      expect(await res.json()).toMatchObject({ error: 'not_a_coupon_code' });
      const used = await redeem(scanned.replaceAll(' ', ''), 'r');
      expect(used.status).not.toBe(200);
    }
  });

  it('says when and where on a second use, and tells the member of the use once', async () => {
    const { code } = await memberWithLatte();
    const before = (await pushes()).length;
    const usedAt = h.clock.now();
    expect((await redeem(code, 'req-1')).status).toBe(200);
    expect((await redeem(code, 'req-1')).status).toBe(200); // a replay: no second notice
    h.clock.advance(60_000);
    const again = await redeem(code, 'req-2');
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'coupon_already_used', usedAt, store: 'S1' });
    const notices = (await pushes()).slice(before);
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]?.replies ?? '[]')[0].text).toMatch(/was used at Main St on \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect((await (await get(code)).json()) as unknown).toMatchObject({
      coupon: { status: 'used', store: 'S1', usedAt },
    });
  });

  it('tells the member nothing for a refused use (expired)', async () => {
    const { code } = await memberWithLatte();
    const before = (await pushes()).length;
    h.clock.advance(400 * 86_400_000);
    const expired = await redeem(code, 'x');
    expect(expired.status).toBe(410);
    expect(await expired.json()).toEqual({ error: 'coupon_expired' });
    expect((await pushes()).length).toBe(before);
  });

  it('tells the member when staff cancel a coupon and the points come back, in the same batch', async () => {
    const { code } = await memberWithLatte();
    const before = (await pushes()).length;
    const r = await h.services.coupons.cancelCoupon(code);
    expect(r.ok).toBe(true);
    const notices = (await pushes()).slice(before);
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]?.replies ?? '[]')[0].text).toMatch(
      new RegExp(`${code}\\) was cancelled and [\\d,]+ .+ are back`),
    );
    // Cancelling again is refused and says nothing more.
    expect(await h.services.coupons.cancelCoupon(code)).toMatchObject({ ok: false });
    expect((await pushes()).slice(before)).toHaveLength(1);
  });
});
