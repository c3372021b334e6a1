import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/db/sqlite.js';
import { adminApi } from '../../../src/http/admin-api.js';
import { createHttpApp } from '../../../src/http/app.js';
import { programAdminRoutes } from '../../../src/main/compose.js';
import { storeApi } from '../../../src/stores/http.js';
import { type ChatHarness, chatHarness, silentLog } from '../../support/chat-harness.js';

const ADMIN = 'admin-token-0123456789';

describe('store and admin HTTP APIs (app.request, SQLite)', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  const admin = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...init.headers },
    });

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    const s = h.services;
    app = createHttpApp({
      log: silentLog,
      modules: [
        storeApi(s.stores, s.coupons),
        adminApi({ adminToken: ADMIN, ledger: s.ledger, program: programAdminRoutes(s), access: s.adminAccess }),
      ],
    });
  });

  async function memberWithLatte(): Promise<string> {
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree', 'claim DEMO']) await h.say('u1', text);
    await h.say('u1', { postback: 'cmd=choose&item=latte' });
    const coupon = await h.say('u1', 'yes');
    if (coupon[0]?.kind !== 'coupon') throw new Error(`no coupon: ${coupon[0]?.text}`);
    return coupon[0].code;
  }

  it('lets a store with a good key mark a coupon used once, and refuses wrong or missing keys', async () => {
    const code = await memberWithLatte();
    const created = await admin('/admin/stores/S1/keys', { method: 'POST', body: JSON.stringify({ name: 'Main St' }) });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const stored = await h.services.db.first<{ key_hash: string }>('SELECT key_hash FROM store_keys');
    expect(stored?.key_hash).not.toContain(key);

    const redeem = (k: string | undefined, idem = 'req-1') =>
      app.request(`/api/store/coupons/${code}/redeem`, {
        method: 'POST',
        headers: { ...(k ? { authorization: `Bearer ${k}` } : {}), 'idempotency-key': idem },
      });
    expect((await redeem(undefined)).status).toBe(401);
    expect(await (await redeem('plsk_wrong')).json()).toEqual({
      error: 'invalid_store_key',
      message: 'a valid store key is required',
    });
    const first = await redeem(key);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ coupon: { code, status: 'used', store: 'S1' }, replayed: false });
    const replay = await redeem(key);
    expect(await replay.json()).toMatchObject({ replayed: true });
    const second = await redeem(key, 'req-2');
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ error: 'coupon_already_used', usedAt: h.clock.now(), store: 'S1' });
    const missing = await app.request('/api/store/coupons/NOPE/redeem', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(missing.status).toBe(404);
  });

  it('guards the admin API and validates bodies with a field and a stable code', async () => {
    expect((await app.request('/admin/catalog')).status).toBe(401);
    expect((await app.request('/admin/catalog', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const bad = await admin('/admin/catalog/mug', {
      method: 'PUT',
      body: JSON.stringify({ names: { en: 'Mug' }, pointType: 'bonus', cost: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_body', field: expect.any(String) });
    const malformed = await admin('/admin/checkin', { method: 'PUT', body: '{nope' });
    expect(await malformed.json()).toMatchObject({ error: 'malformed_json' });
    const ok = await admin('/admin/catalog/mug', {
      method: 'PUT',
      body: JSON.stringify({ names: { en: 'Mug', 'zh-TW': '馬克杯' }, pointType: 'bonus', cost: 300, stock: 3 }),
    });
    expect(ok.status).toBe(200);
    const giveaway = await admin('/admin/giveaways/NOON', {
      method: 'PUT',
      body: JSON.stringify({
        titles: { en: 'Noon', 'zh-TW': '午間' },
        startsAt: new Date(h.clock.now()).toISOString(),
        endsAt: new Date(h.clock.now() + 3_600_000).toISOString(),
        pointType: 'bonus',
        perClaim: 10,
        budget: 100,
      }),
    });
    expect(giveaway.status).toBe(200);
    expect(await giveaway.json()).toMatchObject({ giveaway: { code: 'NOON', budgetLeft: 100 } });
    const unknownType = await admin('/admin/giveaways/X1', {
      method: 'PUT',
      body: JSON.stringify({
        titles: { en: 'x', 'zh-TW': 'x' },
        startsAt: '2026-01-01T00:00:00+08:00',
        endsAt: '2026-01-02T00:00:00+08:00',
        pointType: 'gold',
        perClaim: 1,
        budget: 1,
      }),
    });
    expect(await unknownType.json()).toMatchObject({ error: 'unknown_point_type' });
  });

  it('cancels an unused coupon and gives the points back', async () => {
    const code = await memberWithLatte();
    const r = await admin(`/admin/coupons/${code}/cancel`, { method: 'POST' });
    expect(await r.json()).toEqual({ coupon: { code, status: 'cancelled' } });
    expect((await admin(`/admin/coupons/${code}/cancel`, { method: 'POST' })).status).toBe(409);
    const id = (await h.services.db.first<{ id: string }>('SELECT id FROM members'))?.id ?? '';
    expect((await h.services.ledger.balances(id))[0]?.available).toBe(150);
  });
});
