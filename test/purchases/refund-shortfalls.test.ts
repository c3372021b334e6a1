// GET /admin/reports/refund-shortfalls on real SQLite with the demo programme: a refund that wants back points the
// member has already spent shows up with what it wanted, what it took and the shortfall, by member code only, with
// totals per point type; the period and the brand filter it; it is in the admin OpenAPI document.
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { adminApi } from '../../src/http/admin-api.js';
import { createHttpApp } from '../../src/http/app.js';
import { startOfLocalDate } from '../../src/kernel/time.js';
import { programAdminRoutes } from '../../src/main/compose.js';
import { type ChatHarness, chatHarness, silentLog } from '../support/chat-harness.js';
import { seedLineMembers } from '../support/seed-members.js';

const ADMIN = 'admin-token-0123456789';
const TZ = 'Asia/Taipei';
const noon = (date: string) => startOfLocalDate(date, TZ) + 12 * 3_600_000;

describe('the refund shortfall report (SQLite)', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  const get = async (path: string, token = ADMIN) => {
    const r = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    const s = h.services;
    app = createHttpApp({
      log: silentLog,
      modules: [
        adminApi({ adminToken: ADMIN, ledger: s.ledger, program: programAdminRoutes(s), access: s.adminAccess }),
      ],
    });
    await seedLineMembers(s.db, 1);
    h.clock.set(noon('2026-03-06'));
  });

  it('lists a refund whose points were spent, with the shortfall and totals; a full take-back is not listed', async () => {
    const { purchases, refunds, checkout } = h.services.commerce;
    const member = { memberCode: '1000000000' };
    expect((await purchases.purchase('xinyi', { receipt: 'R1', member, amount: 100_000 })).ok).toBe(true); // +20
    expect((await purchases.purchase('xinyi', { receipt: 'R2', member, amount: 50_000 })).ok).toBe(true); // +10
    // The member spends 25 of the 30 at the till, then both purchases are refunded in full.
    const hold = { hold: 'H1', member, pointType: 'bonus', points: 25, expiresInSeconds: 60 };
    expect((await checkout.place('xinyi', hold)).ok).toBe(true);
    expect((await checkout.capture('xinyi', 'H1', { points: 25 })).ok).toBe(true);
    h.clock.set(noon('2026-03-07'));
    const first = await refunds.refund('xinyi', 'R2', { refund: 'F2', amount: 50_000 });
    expect(first).toMatchObject({ ok: true, value: { shortfall: 5 } }); // 10 due, 5 left
    const second = await refunds.refund('xinyi', 'R1', { refund: 'F1', amount: 100_000 });
    expect(second).toMatchObject({ ok: true, value: { shortfall: 20 } }); // 20 due, nothing left
    // A refund that takes back all it is due is not a shortfall.
    expect((await purchases.purchase('xinyi', { receipt: 'R3', member, amount: 50_000 })).ok).toBe(true); // +10
    const full = await refunds.refund('xinyi', 'R3', { refund: 'F3', amount: 25_000 });
    expect(full).toMatchObject({ ok: true, value: { reversed: [{ due: 5, taken: 5 }], shortfall: 0 } });

    const r = await get('/admin/reports/refund-shortfalls?from=2026-03-01&to=2026-03-07');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-07',
      brand: null,
      refunds: [
        {
          store: 'xinyi',
          receipt: 'R2',
          refund: 'F2',
          memberCode: '1000000000',
          pointType: 'bonus',
          wanted: 10,
          taken: 5,
          shortfall: 5,
        },
        {
          store: 'xinyi',
          receipt: 'R1',
          refund: 'F1',
          memberCode: '1000000000',
          pointType: 'bonus',
          wanted: 20,
          taken: 0,
          shortfall: 20,
        },
      ],
      totals: [{ pointType: 'bonus', wanted: 30, taken: 5, shortfall: 25 }],
      truncated: false,
    });
    // No personal data: the member code only.
    const text = JSON.stringify(r.body);
    expect(text).not.toMatch(/"(name|phone|memberId)"/);
    const rows = await h.services.db.all<{ name: string; phone: string }>(
      'SELECT name, phone_e164 AS phone FROM members',
    );
    expect(rows.length).toBe(1);
    for (const m of rows) for (const v of [m.name, m.phone]) expect(text).not.toContain(v);

    expect((await get('/admin/reports/refund-shortfalls?from=2026-03-08&to=2026-03-09')).body).toMatchObject({
      refunds: [],
      totals: [],
    });
    expect((await get('/admin/reports/refund-shortfalls?from=2026-03-01&to=2026-03-07&brand=nope')).body).toMatchObject(
      {
        refunds: [],
      },
    );
    expect((await get('/admin/reports/refund-shortfalls?from=2026-03-01&to=2026-03-07&brand=cafe')).body).toMatchObject(
      {
        refunds: [{ refund: 'F2' }, { refund: 'F1' }],
      },
    );
  });

  it('refuses bad dates with 400 and no token with 401; it is in the admin OpenAPI document', async () => {
    expect(await get('/admin/reports/refund-shortfalls?from=2026-3-1')).toMatchObject({
      status: 400,
      body: { error: 'invalid_query', field: 'from' },
    });
    expect(await get('/admin/reports/refund-shortfalls?from=2026-03-09&to=2026-03-01')).toMatchObject({
      status: 400,
      body: { error: 'invalid_query' },
    });
    expect((await get('/admin/reports/refund-shortfalls', 'nope')).status).toBe(401);
    const doc = (await get('/admin/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/admin/reports/refund-shortfalls']?.get).toBeDefined();
  });
});
