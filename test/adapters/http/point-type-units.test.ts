// Issue 14: a point type's unit words through PUT/GET /admin/point-types (zod, the OpenAPI document), refused
// when empty, too long or holding control characters, and then used in what the chat shows.
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/db/sqlite.js';
import { adminApi } from '../../../src/http/admin-api.js';
import { createHttpApp } from '../../../src/http/app.js';
import { programAdminRoutes } from '../../../src/main/compose.js';
import { type ChatHarness, chatHarness, silentLog } from '../../support/chat-harness.js';

const ADMIN = 'admin-token-0123456789';
const stampUnits = { 'zh-TW': '枚', en: { one: 'stamp', other: 'stamps' } };

describe('point type units over the admin API', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  const admin = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...init.headers },
    });
  const put = (code: string, body: unknown) =>
    admin(`/admin/point-types/${code}`, { method: 'PUT', body: JSON.stringify(body) });
  const types = async () =>
    ((await (await admin('/admin/point-types')).json()) as { pointTypes: { code: string; units: unknown }[] })
      .pointTypes;

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    const s = h.services;
    app = createHttpApp({
      log: silentLog,
      modules: [
        adminApi({ adminToken: ADMIN, ledger: s.ledger, program: programAdminRoutes(s), access: s.adminAccess }),
      ],
    });
  });

  it('sets units, answers them, and defaults to 點 / point, points', async () => {
    const names = { 'zh-TW': '咖啡集章', en: 'Coffee card' };
    const r = await put('stamp', { names, units: stampUnits });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ pointType: { code: 'stamp', units: stampUnits } });
    const all = await types();
    expect(all.find((p) => p.code === 'stamp')?.units).toEqual(stampUnits);
    expect(all.find((p) => p.code === 'bonus')?.units).toEqual({
      'zh-TW': '點',
      en: { one: 'point', other: 'points' },
    });
    expect(all.find((p) => p.code === 'diamond')?.units).toEqual({
      'zh-TW': '顆',
      en: { one: 'diamond', other: 'diamonds' },
    });
    const openapi = JSON.stringify(await (await admin('/admin/openapi.json')).json());
    expect(openapi).toContain('units');
  });

  it('refuses empty, long or control-character units with 400 and changes nothing', async () => {
    const names = { 'zh-TW': '咖啡集章', en: 'Coffee card' };
    expect((await put('stamp', { names, units: stampUnits })).status).toBe(200);
    for (const units of [
      { 'zh-TW': '', en: { one: 'stamp', other: 'stamps' } },
      { 'zh-TW': '枚', en: { one: 'stamp', other: 'stampsstamps' } },
      { 'zh-TW': '枚\u0007', en: { one: 'stamp', other: 'stamps' } },
      { 'zh-TW': '枚', en: { one: 'st\u200bamp', other: 'stamps' } },
      { 'zh-TW': '枚', en: 'stamps' },
    ]) {
      const r = await put('stamp', { names, units });
      expect(r.status, JSON.stringify(units)).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(/^invalid_/);
    }
    expect((await types()).find((p) => p.code === 'stamp')?.units).toEqual(stampUnits);
  });

  it('the chat counts in the new unit: the welcome gift and the balance', async () => {
    const bonus = (await types()).find((p) => p.code === 'bonus') as unknown as Record<string, unknown>;
    const { code: _code, ...rest } = bonus;
    const body = { ...rest, units: stampUnits, issueFrom: null, issueTo: null };
    expect((await put('bonus', body)).status).toBe(200);
    let shown = '';
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree', 'points'])
      shown = (await h.say('u1', text)).map((r) => r.text).join('\n');
    expect(shown).toMatch(/100 枚|100 stamps/);
  });
});
