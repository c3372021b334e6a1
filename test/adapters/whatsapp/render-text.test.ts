import { describe, expect, it } from 'vitest';
import { announcementReply } from '../../../src/broadcasts/domain/announcement.js';
import { applyAnswer, resolveAnswer } from '../../../src/channels/whatsapp/answers.js';
import { layoutReplies, renderText, type WaMessage } from '../../../src/channels/whatsapp/render-text.js';
import type { QuickReply, Reply } from '../../../src/conversation/domain/replies.js';
import {
  cardReply,
  helpReply,
  menuQuickReplies,
  promptQuickReplies,
  textReply,
  type ViewContext,
} from '../../../src/conversation/domain/views.js';
import { catalogItemSchema } from '../../../src/coupons/domain/catalog.js';
import { catalogReply, confirmReply, couponReply, couponsReply } from '../../../src/coupons/domain/views.js';
import type { InboundEvent } from '../../../src/kernel/channel.js';
import { pointTypeSchema } from '../../../src/ledger/domain/point-type.js';

const ctx = (language: 'en' | 'zh-TW' = 'en'): ViewContext => ({
  language,
  timeZone: 'Asia/Taipei',
  brand: { name: 'pointloop café', termsUrl: 'https://example.com/terms', privacyUrl: 'https://example.com/privacy' },
  pointTypes: [pointTypeSchema.parse({ code: 'bonus', names: { 'zh-TW': '紅利點數', en: 'Bonus points' } })],
});

const item = (n: number) =>
  catalogItemSchema.parse({
    code: `item${n}`,
    names: { 'zh-TW': `商品${n}`, en: `Item number ${n}` },
    descriptions: { 'zh-TW': '', en: `Description ${n}` },
    pointType: 'bonus',
    cost: 100 * n,
  });

const texts = (messages: readonly WaMessage[]) =>
  messages.map((m) => (m.kind === 'text' ? m.text : `[image ${m.url}] ${m.caption}`)).join('\n---\n');

const event = (text: string): InboundEvent => ({
  channel: 'wa_web',
  userId: '886900000001@c.us',
  eventId: 'false_886900000001@c.us_3EB0AA',
  occurredAt: 1,
  type: 'text',
  text,
});

describe('WhatsApp text rendering', () => {
  it('bolds titles and numbers the menu of the last reply, one option per line', () => {
    const r = renderText([textReply(ctx(), 'register.done', { name: 'Amy', code: '123' }), helpReply(ctx())]);
    expect(r.messages).toHaveLength(2);
    const last = texts(r.messages.slice(1));
    expect(last).toMatch(/^\*What can I do for you\?\*\n/);
    expect(last).toContain('_Reply with a number:_\n1. Points\n2. History\n3. Card\n4. Language\n5. Help');
    expect(r.options.map((o) => o.action)).toEqual([
      { type: 'postback', data: 'cmd=points', displayText: 'Points' },
      { type: 'postback', data: 'cmd=history', displayText: 'History' },
      { type: 'postback', data: 'cmd=card', displayText: 'Card' },
      { type: 'postback', data: 'cmd=language', displayText: 'Language' },
      { type: 'postback', data: 'cmd=help', displayText: 'Help' },
    ]);
  });

  it('numbers list entries first, then continues the numbering in the menu; entries without action get a bullet', () => {
    const coupons = couponsReply(ctx(), [
      {
        code: 'C1',
        itemName: 'Large latte',
        qrUrl: 'https://pl.example/q1.png',
        status: 'active',
        validUntil: null,
        usedAt: null,
      },
      {
        code: 'C2',
        itemName: 'Old latte',
        qrUrl: 'https://pl.example/q2.png',
        status: 'used',
        validUntil: null,
        usedAt: 1,
      },
    ]);
    const r = renderText([coupons]);
    const t = texts(r.messages);
    expect(t).toContain('1. *Large latte* → Show');
    expect(t).toContain('• *Old latte*');
    expect(t).toMatch(/\n2\. Check in\n3\. Giveaways/);
    expect(r.options[0]?.action).toMatchObject({ type: 'postback', data: 'cmd=coupon&c=C1' });
  });

  it('pages long lists over several messages with continuous numbers', () => {
    const items = Array.from({ length: 11 }, (_, i) => item(i + 1));
    const catalog = catalogReply(ctx(), [...items, item(12)], 1);
    const r = renderText([catalog], { listPageSize: 4 });
    const lists = r.messages.filter((m) => m.kind === 'text' && /\d+\. \*Item number/.test(m.text));
    expect(lists).toHaveLength(3);
    expect(texts([lists[1] as WaMessage])).toMatch(/^\*Coupon mall\* \(2\/3\)\n\n5\. \*Item number 5\*/);
    expect(texts(r.messages)).toMatch(/11\. \*Item number 11\*/);
    // The "next page" quick reply comes first in the menu, right after the 11 entries.
    expect(r.options[11]?.action).toMatchObject({ type: 'postback', data: 'cmd=coupons&page=2' });
    for (const m of r.messages) expect(m.kind === 'text' ? m.text.length : 0).toBeLessThanOrEqual(3000);
  });

  it('sends the membership card and a usable coupon as images with captions, a used coupon as text', () => {
    const card = cardReply(ctx(), {
      memberName: 'Amy',
      memberCode: '7782066107',
      registeredLocalDate: '2026-03-01',
      qrUrl: 'https://pl.example/qr/abc.png',
      token: { code: '4821993017456203198842', expiresAt: Date.UTC(2026, 2, 1, 2, 5) },
      balances: [{ pointType: 'bonus', available: 100 }],
    });
    const r = renderText([card]);
    expect(r.messages[0]).toMatchObject({ kind: 'image', url: 'https://pl.example/qr/abc.png' });
    const caption = r.messages[0]?.kind === 'image' ? r.messages[0].caption : '';
    expect(caption).toContain('*pointloop café membership*');
    expect(caption).toContain('Member code: 7782066107');
    // The rotating token's numeric form, grouped for a cashier to type, and when it stops working (program time).
    expect(caption).toContain('4821 9930 1745 6203 1988 42');
    expect(caption).toContain('1. Points');
    const view = {
      code: 'C1',
      itemName: 'Large latte',
      qrUrl: 'https://pl.example/c.png',
      validUntil: null,
      usedAt: null,
    };
    expect(renderText([couponReply(ctx(), { ...view, status: 'active' })]).messages[0]).toMatchObject({
      kind: 'image',
    });
    expect(renderText([couponReply(ctx(), { ...view, status: 'used' })]).messages[0]).toMatchObject({ kind: 'text' });
  });

  it('renders Traditional Chinese with a Chinese hint', () => {
    const r = renderText([helpReply(ctx('zh-TW'))]);
    expect(texts(r.messages)).toContain('_請回覆數字：_\n1. 點數\n2. 紀錄');
  });
});

describe('announcements (brand broadcasts) on WhatsApp', () => {
  const claim: QuickReply = {
    label: 'Claim',
    action: { type: 'postback', data: 'cmd=claim&g=FLASH&n=bc-1', displayText: 'Claim' },
  };
  const base = { title: 'Flash giveaway at noon', body: '500 Bonus points for the first 100 members.' };
  const image = 'https://img.example/flash.jpg';

  it('sends an image with the bold title, the body and the button as option 1 in the caption', () => {
    const r = renderText([announcementReply({ ...base, imageUrl: image, action: claim, language: 'en' })]);
    expect(r.messages).toEqual([
      {
        kind: 'image',
        url: image,
        caption:
          '*Flash giveaway at noon*\n500 Bonus points for the first 100 members.\n\n1. Claim\n\n_Reply with a number:_',
      },
    ]);
    expect(r.options).toHaveLength(1);
    expect(applyAnswer(event('1'), r.options)).toMatchObject({ type: 'postback', data: 'cmd=claim&g=FLASH&n=bc-1' });
    expect(applyAnswer(event('claim'), r.options)).toMatchObject({ type: 'postback' });
    expect(applyAnswer(event('2'), r.options)).toMatchObject({ type: 'text', text: '2' });
  });

  it('without an image, is a text; without a button, offers no number', () => {
    const r = renderText([announcementReply({ ...base, action: claim, language: 'en' })]);
    expect(texts(r.messages)).toBe(
      '*Flash giveaway at noon*\n500 Bonus points for the first 100 members.\n\n1. Claim\n\n_Reply with a number:_',
    );
    const bare = renderText([announcementReply({ ...base, language: 'en' })]);
    expect(bare).toEqual({
      messages: [{ kind: 'text', text: '*Flash giveaway at noon*\n500 Bonus points for the first 100 members.' }],
      options: [],
    });
  });

  it('numbers the button first and the menu after it; a button repeated in the menu keeps its one number', () => {
    const quickReplies = [...menuQuickReplies('zh-TW'), claim];
    const r = renderText([
      announcementReply({ ...base, imageUrl: image, action: claim, language: 'zh-TW', quickReplies }),
    ]);
    const caption = r.messages[0]?.kind === 'image' ? r.messages[0].caption : '';
    expect(caption).toContain('\n\n1. Claim\n\n_請回覆數字：_\n2. 點數\n3. 紀錄');
    expect(caption).not.toMatch(/\d\. Claim[\s\S]*\d\. Claim/);
    expect(r.options.map((o) => o.label)).toEqual(['Claim', '點數', '紀錄', '會員卡', '語言', '說明']);
  });

  it('shows a link button as a link, never as a number', () => {
    const details: QuickReply = { label: 'Details', action: { type: 'uri', uri: 'https://pl.example/double' } };
    const r = renderText([announcementReply({ ...base, action: details, language: 'en' })]);
    expect(texts(r.messages)).toBe(
      '*Flash giveaway at noon*\n500 Bonus points for the first 100 members.\n\n🔗 Details: https://pl.example/double',
    );
    expect(r.options).toEqual([]);
  });

  it('puts a text too long for a caption under the image, keeping the number', () => {
    const body = 'Every purchase this Tuesday earns double Bonus points. '.repeat(30);
    const r = renderText([announcementReply({ ...base, body, imageUrl: image, action: claim, language: 'en' })]);
    expect(r.messages[0]).toEqual({ kind: 'image', url: image, caption: '*Flash giveaway at noon*' });
    expect(r.messages[1]?.kind === 'text' && r.messages[1].text).toMatch(
      /double Bonus points\.\n\n1\. Claim\n\n_Reply/,
    );
    expect(r.messages).toHaveLength(2);
  });
});

describe('answers by number or keyword', () => {
  const confirm = confirmReply(ctx(), { ...item(1), names: { 'zh-TW': '大杯拿鐵', en: 'Large latte' } }, 10);
  const { options } = layoutReplies([confirm]);

  it('maps numbers (ASCII, full-width, "2.", "#2") to the offered actions', () => {
    expect(resolveAnswer('1', options)).toMatchObject({ type: 'postback', data: 'cmd=agree' });
    for (const two of ['2', '２', ' 2 ', '2.', '#2', '2)']) {
      expect(resolveAnswer(two, options)).toMatchObject({ type: 'postback', data: 'cmd=cancel' });
    }
  });

  it('leaves numbers out of range, phone numbers, link codes and free text alone', () => {
    for (const t of ['0', '3', '99', '0912345678', '123456', 'hello', '']) expect(resolveAnswer(t, options)).toBeNull();
    expect(resolveAnswer('1', [])).toBeNull();
  });

  it('maps a keyword that matches exactly one option (label, shown text, item title or code)', () => {
    expect(resolveAnswer('CONFIRM', options)).toMatchObject({ data: 'cmd=agree' });
    expect(resolveAnswer('ｃａｎｃｅｌ', options)).toMatchObject({ data: 'cmd=cancel' });
    const catalog = layoutReplies([catalogReply(ctx(), [item(1), item(2)], 1)]);
    expect(resolveAnswer('item number 2', catalog.options)).toMatchObject({ data: 'cmd=choose&item=item2' });
    expect(resolveAnswer('redeem', catalog.options)).toBeNull(); // every entry's button says Redeem: ambiguous
  });

  it('turns an answer into the option action, keeping the event id; text options stay text', () => {
    expect(applyAnswer(event('2'), options)).toEqual({
      channel: 'wa_web',
      userId: '886900000001@c.us',
      eventId: 'false_886900000001@c.us_3EB0AA',
      occurredAt: 1,
      type: 'postback',
      data: 'cmd=cancel',
    });
    const name: Reply = textReply(ctx(), 'register.ask_name', {}, promptQuickReplies('en', 'name', 'Amy'));
    const asked = layoutReplies([name]).options;
    expect(applyAnswer(event('1'), asked)).toMatchObject({ type: 'text', text: 'Amy' });
    expect(applyAnswer(event('Bob'), asked)).toMatchObject({ type: 'text', text: 'Bob' });
  });
});
