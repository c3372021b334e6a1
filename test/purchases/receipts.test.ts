// What the member is told and what history says, in both languages, on a member day (the demo's 5th at 3x), through
// the real services on SQLite with a moving clock; the receipt goes out through the outbox like every push.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { describeReason } from '../../src/conversation/domain/views.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { stmt } from '../../src/kernel/database.js';
import { startOfLocalDate } from '../../src/kernel/time.js';
import { type ChatHarness, chatHarness } from '../support/chat-harness.js';
import { seedLineMembers } from '../support/seed-members.js';

const TZ = 'Asia/Taipei';
const noon = (date: string) => startOfLocalDate(date, TZ) + 12 * 3_600_000;

describe('purchase receipts and history', () => {
  let h: ChatHarness;
  beforeEach(async () => {
    h = await chatHarness(openSqlite({ path: ':memory:' }));
    await seedLineMembers(h.services.db, 2);
    await h.services.db.batch([stmt("UPDATE members SET language = 'zh-TW' WHERE id = 'm0'")]);
    h.clock.set(noon('2026-03-05'));
  });
  const pushes = (userId: string) =>
    h.sender.sent
      .filter((s) => s.userId === userId && s.inboxId === null)
      .map((s) => s.replies.map((r: Reply) => r.text).join('\n'));

  it('says "消費 NT$320，獲得 18 點（會員日 3 倍）" and history "+18 消費 NT$320 @ 信義店（會員日 ×3）"', async () => {
    const { purchases } = h.services.commerce;
    const r = await purchases.purchase('xinyi', {
      receipt: 'R1',
      member: { memberCode: '1000000000' },
      amount: 32_000,
    });
    expect(r).toMatchObject({
      ok: true,
      value: { earned: [{ base: 6, points: 18, multiplier: { code: 'member-day', factor: 3 } }] },
    });
    await h.services.inbox.deliverDue();
    expect(pushes('U0')).toEqual(['消費 NT$320，獲得 18 點（會員日 3 倍）。目前 18 點']);
    const [entry] = (await h.services.ledger.history('m0')).entries;
    const view = { timeZone: TZ, brand: { name: 'x', termsUrl: '', privacyUrl: '' }, pointTypes: [] };
    expect(entry && describeReason({ ...view, language: 'zh-TW' }, entry.reason)).toBe(
      '消費 NT$320 @ 信義店（會員日 ×3）',
    );
    expect(entry && describeReason({ ...view, language: 'en' }, entry.reason)).toBe(
      'Purchase NT$320 @ Xinyi (Member day ×3)',
    );
    expect(entry?.reason.params).toMatchObject({ rule: 'spend', base: 6, factor: 3, points: 18, receipt: 'R1' });
  });

  it('a refund tells the member too, in their language, with the balance the batch committed', async () => {
    const { purchases, refunds } = h.services.commerce;
    await purchases.purchase('xinyi', { receipt: 'R2', member: { memberCode: '1000000001' }, amount: 100_000 });
    h.clock.set(noon('2026-03-06'));
    const r = await refunds.refund('xinyi', 'R2', { refund: 'F1', amount: 25_000 });
    expect(r).toMatchObject({ ok: true, value: { reversed: [{ due: 15, taken: 15, shortfall: 0 }] } });
    await h.services.inbox.deliverDue();
    expect(pushes('U1')).toEqual([
      'You spent NT$1,000 and earned 60 points (Member day 3x). You now have 60 points.',
      'Refund NT$250: 15 points taken back. You now have 45 points.',
    ]);
  });

  it("speaks of the point type's own unit: a stamp program says 1 stamp and 枚", async () => {
    const stamps = { names: { 'zh-TW': '集章', en: 'Stamps' }, valueMinor: 5, lifetime: { kind: 'days', days: 365 } };
    const units = { 'zh-TW': '枚', en: { one: 'stamp', other: 'stamps' } };
    const defined = await h.services.ledger.definePointType({ code: 'bonus', ...stamps, units } as never);
    expect(defined.ok).toBe(true);
    h.clock.set(noon('2026-03-06'));
    const { purchases } = h.services.commerce;
    await purchases.purchase('xinyi', { receipt: 'S1', member: { memberCode: '1000000001' }, amount: 5_000 });
    await purchases.purchase('xinyi', { receipt: 'S2', member: { memberCode: '1000000000' }, amount: 10_000 });
    await h.services.inbox.deliverDue();
    // The balance's number is filled in by the committing batch, after the words are chosen: its unit is the plural.
    expect(pushes('U1')).toEqual([
      expect.stringMatching(/^You spent NT\$50 and earned 1 stamp\. You now have 1 stamps?\.$/),
    ]);
    expect(pushes('U0')).toEqual(['消費 NT$100，獲得 2 枚。目前 2 枚']);
  });
});
