// POST /admin/earn-rules/preview on real SQLite with the demo programme: the points a purchase would earn, rule by
// rule, and nothing written (no transfer, no rule, no member change).
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { adminApi } from '../../src/http/admin-api.js';
import { createHttpApp } from '../../src/http/app.js';
import { programAdminRoutes } from '../../src/main/compose.js';
import { type ChatHarness, chatHarness, silentLog } from '../support/chat-harness.js';

const ADMIN = 'admin-token-0123456789';
const NT = (dollars: number) => dollars * 100;
const MEMBER_DAY = '2026-05-05T12:00:00+08:00';
const ORDINARY_DAY = '2026-05-06T12:00:00+08:00';

describe('the earn preview (SQLite)', () => {
  let h: ChatHarness;
  let app: ReturnType<typeof createHttpApp>;
  const preview = async (body: unknown) => {
    const r = await app.request('/admin/earn-rules/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  /** Every row that a purchase or a definition would write. */
  const writes = () =>
    h.services.db.all(
      `SELECT (SELECT COUNT(*) FROM transfers) AS transfers, (SELECT COUNT(*) FROM earn_rules) AS rules,
              (SELECT COUNT(*) FROM member_tags) AS tags, (SELECT COUNT(*) FROM lots) AS lots`,
    );

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

  it('NT$50 at the demo café earns 1, and 3 on member day, with the rule and multiplier named', async () => {
    const before = await writes();
    const plain = await preview({ store: 'xinyi', amount: NT(50), at: ORDINARY_DAY });
    expect(plain).toMatchObject({
      status: 200,
      body: { store: { code: 'xinyi', brand: 'cafe' }, member: null, localDate: '2026-05-06', totals: [{ points: 1 }] },
    });
    const day = await preview({ store: 'daan', amount: NT(320), at: MEMBER_DAY });
    expect(day.body).toMatchObject({
      at: '2026-05-05T04:00:00.000Z',
      localDate: '2026-05-05',
      earned: [
        {
          rule: { code: 'spend', kind: 'spend', names: { 'zh-TW': '消費', en: 'Purchases' } },
          pointType: 'bonus',
          base: 6,
          multiplier: { code: 'member-day', factor: 3, names: { 'zh-TW': '會員日', en: 'Member day' } },
          points: 18,
          lifetime: null,
        },
      ],
      totals: [{ pointType: 'bonus', points: 18 }],
      skipped: [],
    });
    expect(await writes()).toEqual(before);
  });

  it("takes the member's tags; tags alone try a rule before any member has them", async () => {
    for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await h.say('u1', text);
    const m = await h.services.db.first<{ id: string; member_code: string }>('SELECT id, member_code FROM members');
    if (!m) throw new Error('no member');
    const gold = await h.services.earn.defineRule({
      code: 'gold',
      names: { 'zh-TW': '金卡', en: 'Gold' },
      kind: 'spend',
      pointType: 'bonus',
      every: NT(10),
      points: 2,
      scope: { brands: ['cafe'], memberTags: ['gold'] },
      priority: 10,
      exclusive: true,
    });
    expect(gold.ok).toBe(true);
    const asMember = { store: 'xinyi', amount: NT(50), at: ORDINARY_DAY, member: { memberCode: m.member_code } };
    expect((await preview(asMember)).body).toMatchObject({
      member: { code: m.member_code, tags: [] },
      totals: [{ points: 1 }],
    });
    expect((await preview({ ...asMember, member: undefined, tags: ['gold'] })).body).toMatchObject({
      totals: [{ points: 10 }],
      skipped: [{ rule: 'spend', reason: 'after_exclusive' }],
    });
    await h.services.broadcasts.tag(m.id, ['gold']);
    expect((await preview({ ...asMember, member: { id: m.id } })).body).toMatchObject({
      member: { tags: ['gold'] },
      totals: [{ points: 10 }],
    });
  });

  it('answers bad input with 400 and the field, unknown stores and members with 404, and writes nothing', async () => {
    const before = await writes();
    const ok = { store: 'xinyi', amount: NT(50) };
    const cases: [unknown, number, Record<string, unknown>][] = [
      [{ ...ok, amount: 0 }, 400, { error: 'invalid_body', field: 'amount' }],
      [{ ...ok, amount: -5000 }, 400, { error: 'invalid_body', field: 'amount' }],
      [{ ...ok, amount: 50.5 }, 400, { error: 'invalid_body', field: 'amount' }],
      [{ ...ok, amount: 10_000_000_000 }, 400, { error: 'invalid_body', field: 'amount' }],
      [{ ...ok, store: 'nope' }, 404, { error: 'store_not_found', field: 'store' }],
      [{ ...ok, store: '../etc' }, 400, { error: 'invalid_body', field: 'store' }],
      [{ ...ok, member: { memberCode: 'NOPE' } }, 404, { error: 'member_not_found', field: 'member' }],
      [{ ...ok, member: { phone: '+886912345678' } }, 400, { error: 'invalid_body', field: 'member' }],
      [{ ...ok, member: { id: 'x' }, tags: ['gold'] }, 400, { error: 'member_and_tags', field: 'tags' }],
      [{ ...ok, items: [{ sku: 'A', quantity: 1, amount: NT(40) }] }, 400, { error: 'items_mismatch', field: 'items' }],
      [{ ...ok, items: [{ sku: 'A', quantity: 0, amount: NT(50) }] }, 400, { field: 'items.0.quantity' }],
      [{ ...ok, at: 'yesterday' }, 400, { error: 'invalid_time', field: 'at' }],
      [{ ...ok, at: 12 }, 400, { error: 'invalid_time', field: 'at' }],
      [{ ...ok, at: Date.UTC(2026, 4, 6, 4) }, 400, { error: 'invalid_time', field: 'at' }],
      [{ ...ok, at: '2026-05-06T12:00:00' }, 400, { error: 'invalid_time', field: 'at' }],
      ['{nope', 400, { error: 'malformed_json' }],
    ];
    for (const [body, status, answer] of cases) {
      const r = await preview(body);
      expect([r.status, r.body], JSON.stringify(body)).toEqual([status, expect.objectContaining(answer)]);
    }
    expect(await writes()).toEqual(before);
  });

  it('shows a rule before it goes live: a preview at a later date uses its window', async () => {
    await h.services.earn.defineRule({
      code: 'summer',
      names: { 'zh-TW': '夏季加碼', en: 'Summer extra' },
      kind: 'spend',
      pointType: 'bonus',
      every: NT(100),
      points: 1,
      validFrom: '2026-07-01',
      validTo: '2026-08-31',
    });
    expect((await preview({ store: 'xinyi', amount: NT(100), at: ORDINARY_DAY })).body).toMatchObject({
      totals: [{ points: 2 }],
      skipped: [{ rule: 'summer', reason: 'outside_window' }],
    });
    expect((await preview({ store: 'xinyi', amount: NT(100), at: '2026-07-01T12:00:00+08:00' })).body).toMatchObject({
      totals: [{ points: 3 }],
    });
  });
});
