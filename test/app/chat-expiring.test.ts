// `expiring` / `即將到期`: the lots of the next 60 days, lot by lot, on every channel, built the registry's way.
import { describe, expect, it } from 'vitest';
import { renderLineText } from '../../src/channels/line/text-render.js';
import { renderText } from '../../src/channels/whatsapp/render-text.js';
import { openSqlite } from '../../src/db/sqlite.js';
import type { Channel } from '../../src/kernel/channel.js';
import { chatHarness } from '../support/chat-harness.js';

async function member(channel: Channel) {
  const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en' });
  for (const say of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await h.say('u1', say, channel);
  const row = await h.services.db.first<{ id: string }>('SELECT id FROM members');
  return { h, memberId: row?.id ?? '' };
}

const reason = { code: 'adjustment' as const };

describe('the expiring command', () => {
  for (const channel of ['simulator', 'line', 'wa_web', 'wa_cloud'] as const) {
    it(`lists each lot expiring within 60 days, earliest first, with the coupon mall (${channel})`, async () => {
      const { h, memberId } = await member(channel);
      // The welcome gift (100, a year) is outside the window; two lots inside it; one after it.
      await h.services.ledger.credit(memberId, {
        key: 'a',
        pointType: 'bonus',
        amount: 30,
        reason,
        lifetime: { kind: 'days', days: 40 },
      });
      await h.services.ledger.credit(memberId, {
        key: 'b',
        pointType: 'diamond',
        amount: 7,
        reason,
        lifetime: { kind: 'days', days: 10 },
      });
      await h.services.ledger.credit(memberId, {
        key: 'c',
        pointType: 'bonus',
        amount: 5,
        reason,
        lifetime: { kind: 'days', days: 90 },
      });
      const [reply, ...rest] = await h.say('u1', 'expiring', channel);
      expect(rest).toEqual([]);
      expect(reply?.text).toBe(
        [
          'Points expiring in the next 60 days',
          '2026-03-10: 7 diamonds (Diamond points)',
          '2026-04-09: 30 points (Bonus points)',
        ].join('\n'),
      );
      expect(reply?.quickReplies?.[0]).toMatchObject({ action: { type: 'postback', data: 'cmd=coupons' } });
      // The same command in Chinese, and its quick reply really opens the mall.
      const zh = await h.say('u1', '即將到期', channel);
      expect(zh[0]?.text).toContain('2026-03-10');
      const mall = await h.say('u1', { postback: 'cmd=coupons' }, channel);
      expect(mall[0]?.kind).toBe('catalog');
    });
  }

  it('says when nothing expires, and renders as text on LINE and WhatsApp', async () => {
    const { h } = await member('simulator');
    const replies = await h.say('u1', 'expiring');
    expect(replies[0]?.text).toBe('Points expiring in the next 60 days\nNo points expire in the next 60 days.');
    const line = renderLineText(replies);
    expect(line[0]).toMatchObject({ type: 'text', text: replies[0]?.text });
    expect(renderText(replies).messages[0]).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('1. Coupons'),
    });
  });

  it('appears in help in both languages', async () => {
    const { h } = await member('simulator');
    expect((await h.say('u1', 'help'))[0]?.text).toContain('expiring');
    await h.say('u1', 'language 中文');
    expect((await h.say('u1', '說明'))[0]?.text).toContain('即將到期');
  });
});
