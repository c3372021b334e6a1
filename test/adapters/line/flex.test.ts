// Every reply the chat can produce, rendered for LINE and checked against LINE's official schema
// (../shared/line-openapi/messaging-api.yml) and LINE's limits.
import type { messagingApi } from '@line/bot-sdk';
import { describe, expect, it } from 'vitest';
import { announcementReply } from '../../../src/broadcasts/domain/announcement.js';
import { chunkMessages } from '../../../src/channels/line/flex/limits.js';
import { loadFlexTemplates } from '../../../src/channels/line/flex/load-templates.js';
import { renderLineMessages } from '../../../src/channels/line/flex/render.js';
import { SAMPLE_REPLIES } from '../../../src/channels/line/flex/samples.js';
import { FLEX_KINDS, type FlexTemplates } from '../../../src/channels/line/flex/templates.js';
import { renderLineText } from '../../../src/channels/line/text-render.js';
import type { QuickReply, Reply, ReplyKind } from '../../../src/conversation/domain/replies.js';
import { openSqlite } from '../../../src/db/sqlite.js';
import { type ChatHarness, chatHarness } from '../../support/chat-harness.js';
import { formatErrors, lineLimitErrors, loadLineSchema } from '../../support/line-schema.js';

const schema = loadLineSchema();

/** The templates as node.ts loads them, with any fallback to text turned into a test failure. */
function strictTemplates(): FlexTemplates {
  return {
    ...loadFlexTemplates('flex-templates', { brandName: 'pointloop café' }),
    onError: (error) => {
      throw error;
    },
  };
}

const templates = strictTemplates();

/** Renders one turn's replies and checks every message against the schema and LINE's limits. */
function renderChecked(replies: readonly Reply[], t: FlexTemplates = templates): messagingApi.Message[] {
  const messages = renderLineMessages(replies, t);
  messages.forEach((message, i) => {
    expect(formatErrors(schema.validate('Message', message, { strict: true, root: `messages[${i}]` }))).toBe('');
  });
  for (const chunk of chunkMessages(messages)) {
    expect(formatErrors(schema.validate('ReplyMessageRequest', { replyToken: 'r', messages: chunk }))).toBe('');
    expect(formatErrors(schema.validate('PushMessageRequest', { to: 'U1', messages: chunk }))).toBe('');
    expect(lineLimitErrors(chunk)).toEqual([]);
  }
  return messages;
}

class Conversation {
  readonly turns: { input: string; replies: Reply[] }[] = [];
  constructor(readonly h: ChatHarness) {}
  async say(userId: string, input: Parameters<ChatHarness['say']>[1]): Promise<Reply[]> {
    const replies = await this.h.say(userId, input);
    this.turns.push({ input: JSON.stringify(input), replies });
    return replies;
  }
  async register(userId: string, name = 'Amy'): Promise<void> {
    for (const input of ['hi', name, '0912345678', 'skip', 'agree']) await this.say(userId, input);
  }
}

function postbackOf(reply: Reply | undefined, index = 0): string {
  if (!reply || !('items' in reply)) throw new Error(`no list in ${reply?.kind}`);
  const action = reply.items[index]?.action?.action;
  if (action?.type !== 'postback') throw new Error('no postback');
  return action.data;
}

/** The id of the only member (each test below registers one). */
async function onlyMemberId(h: ChatHarness): Promise<string> {
  const rows = await h.services.db.all<{ id: string }>('SELECT id FROM members');
  if (rows.length !== 1 || !rows[0]) throw new Error(`expected one member, found ${rows.length}`);
  return rows[0].id;
}

describe('LINE rendering of every reply the chat produces', () => {
  it('renders every reply kind, in both languages, as schema-valid messages within LINE limits', async () => {
    const c = new Conversation(await chatHarness(openSqlite({ path: ':memory:' })));
    await c.say('stranger', 'hi');
    await c.say('follower', 'follow');
    await c.say('follower', '取消');
    await c.register('u1');
    for (const input of ['points', 'history', 'card', 'help', 'language', 'what is this?', '簽到', 'giveaways']) {
      await c.say('u1', input);
    }
    const giveaways = c.turns.at(-1)?.replies[0];
    await c.say('u1', { postback: postbackOf(giveaways) });
    const catalog = await c.say('u1', 'coupons');
    await c.say('u1', { postback: postbackOf(catalog[0], 1) }); // cannot afford: text
    await c.say('u1', { postback: postbackOf(catalog[0], 0) }); // confirm
    await c.say('u1', { postback: 'cmd=agree' }); // coupon
    await c.say('u1', 'my coupons');
    await c.say('u1', { postback: 'cmd=language&lang=zh-TW' });
    for (const input of ['積分', '紀錄', '會員卡', '說明', '語言', '簽到', '活動', '優惠券', '我的優惠券', '？？']) {
      await c.say('u1', input);
    }
    await c.register('u2', '王小明'); // a member whose profile language is en, named in Chinese

    const seen = new Set<ReplyKind>();
    const languages = new Set<string>();
    for (const turn of c.turns) {
      const messages = renderChecked(turn.replies);
      expect(messages.length, turn.input).toBe(turn.replies.length);
      expect(messages.length, turn.input).toBeLessThanOrEqual(5);
      turn.replies.forEach((reply, i) => {
        seen.add(reply.kind);
        languages.add(reply.language);
        const message = messages[i];
        expect(message?.type, `${turn.input} ${reply.kind}`).toBe(reply.kind === 'text' ? 'text' : 'flex');
        if (message?.type === 'flex') expect(message.altText).toBe(reply.text.slice(0, 1500));
      });
      // Quick replies of the last reply ride on the last message.
      const lastQuick = turn.replies.at(-1)?.quickReplies ?? [];
      const quick = messages.at(-1)?.quickReply?.items ?? [];
      expect(quick.length, turn.input).toBe(Math.min(lastQuick.length, 13));
      for (const m of messages.slice(0, -1)) expect(m.quickReply).toBeUndefined();
    }
    // Announcements come from brand broadcasts and receipts from the store API, not from the conversation: their
    // samples are covered below (receipts end to end in test/e2e/purchases.node.test.ts).
    const elsewhere: string[] = ['announcement', 'receipt'];
    expect([...seen].sort()).toEqual(['text', ...FLEX_KINDS.filter((k) => !elsewhere.includes(k))].sort());
    expect([...languages].sort()).toEqual(['en', 'zh-TW']);
  });

  it('fits a 10-entry history and a card with long names in both languages', async () => {
    const c = new Conversation(await chatHarness(openSqlite({ path: ':memory:' })));
    const longName = 'Maximiliana Alexandrina Wolfeschlegelste'; // 40, the most registration takes
    await c.register('u1', longName);
    const { ledger } = c.h.services;
    const defined = await ledger.definePointType({
      code: 'long-named-points',
      names: {
        en: 'Extraordinarily Long Loyalty Points Name',
        'zh-TW': '非常非常長的會員忠誠度積分名稱'.repeat(2).slice(0, 40),
      },
      lifetime: { kind: 'days', days: 30 },
    });
    expect(defined.ok).toBe(true);
    const memberId = await onlyMemberId(c.h);
    for (let i = 0; i < 12; i++) {
      const credited = await ledger.credit(memberId, {
        key: `test:long:${i}`,
        pointType: i % 2 ? 'long-named-points' : 'bonus',
        amount: 1_234_567 + i,
        reason: {
          code: 'giveaway',
          params: {
            title_en: `The Grand Reopening Celebration Flash Giveaway Number ${i}`.slice(0, 60),
            'title_zh-TW': `盛大重新開幕慶祝限時送點活動第${i}回合，感謝所有會員一路以來的支持與陪伴`.slice(0, 60),
          },
        },
      });
      expect(credited.ok).toBe(true);
    }
    for (const lang of ['en', 'zh-TW']) {
      await c.say('u1', { postback: `cmd=language&lang=${lang}` });
      const [history] = await c.say('u1', 'history');
      expect(history?.kind === 'history' && history.lines).toHaveLength(10);
      const [card] = await c.say('u1', 'card');
      expect(card).toMatchObject({ kind: 'card', memberName: longName });
      await c.say('u1', 'points');
    }
    for (const turn of c.turns) renderChecked(turn.replies);
  });

  it('shows many point types on the balance and the card', async () => {
    const c = new Conversation(await chatHarness(openSqlite({ path: ':memory:' })));
    await c.register('u1');
    const { ledger } = c.h.services;
    const memberId = await onlyMemberId(c.h);
    for (let i = 0; i < 14; i++) {
      const code = `type-${i}`;
      const defined = await ledger.definePointType({
        code,
        names: { en: `Partner ${i} reward points of the alliance`.slice(0, 40), 'zh-TW': `聯盟夥伴第${i}號回饋點數` },
        lifetime: { kind: 'days', days: 10 + i },
      });
      expect(defined.ok).toBe(true);
      const credited = await ledger.credit(memberId, {
        key: `test:types:${i}`,
        pointType: code,
        amount: 999_999,
        reason: { code: 'adjustment' },
      });
      expect(credited.ok).toBe(true);
    }
    const [balance] = await c.say('u1', 'points');
    expect(balance?.kind === 'balance' && balance.balances.length).toBe(15);
    await c.say('u1', 'card');
    await c.say('u1', { postback: 'cmd=language&lang=zh-TW' });
    await c.say('u1', '積分');
    await c.say('u1', '會員卡');
    for (const turn of c.turns) renderChecked(turn.replies);
  });

  it('pages a long coupon catalogue as a carousel of at most 12 bubbles with a next-page bubble', async () => {
    const c = new Conversation(await chatHarness(openSqlite({ path: ':memory:' })));
    await c.register('u1');
    for (let i = 0; i < 14; i++) {
      const defined = await c.h.services.coupons.defineItem({
        code: `item-${i}`,
        names: { en: `Seasonal signature drink number ${i} XL`.slice(0, 40), 'zh-TW': `季節限定招牌特調飲品第${i}號` },
        descriptions: { en: 'A long description. '.repeat(10).trim(), 'zh-TW': '很長的商品說明。'.repeat(20) },
        imageUrl:
          i % 3 === 0 ? `https://img.example/items/${i}.jpg` : i % 3 === 1 ? 'http://insecure.example/x.jpg' : null,
        pointType: 'bonus',
        cost: 100 + i,
        stock: i === 2 ? 0 : 50,
      });
      expect(defined.ok).toBe(true);
    }
    const [catalog] = await c.say('u1', 'coupons');
    expect(catalog).toMatchObject({ kind: 'catalog', nextPage: { label: expect.any(String) } });
    const [message] = renderChecked([catalog as Reply]);
    const contents = message?.type === 'flex' ? message.contents : undefined;
    expect(contents?.type === 'carousel' && contents.contents).toHaveLength(12);
    const page2 = await c.say('u1', { postback: 'cmd=coupons&page=2' });
    renderChecked(page2);
  });
});

describe('renderLineMessages limits and fallbacks', () => {
  const base = { language: 'en' as const };

  it('cuts altText to 1,500 and long text messages to 5,000, and never sends an empty text', () => {
    const messages = renderChecked([
      { ...base, kind: 'welcome', title: 'Welcome', body: 'b', text: 'w'.repeat(4000) },
      { ...base, kind: 'text', text: 'x'.repeat(6000) },
      { ...base, kind: 'text', text: '   ' },
    ]);
    expect(messages).toHaveLength(2);
    expect(messages[0]?.type === 'flex' && messages[0].altText.length).toBe(1500);
    expect(messages[1]?.type === 'text' && messages[1].text.length).toBe(5000);
  });

  it('keeps at most 13 quick replies, cuts labels to 20 and leaves out actions LINE would refuse', () => {
    const quickReplies: QuickReply[] = [
      { label: 'A label far longer than twenty characters', action: { type: 'postback', data: 'cmd=points' } },
      { label: 'Too much data', action: { type: 'postback', data: `cmd=x&d=${'y'.repeat(300)}` } },
      { label: 'Bad link', action: { type: 'uri', uri: 'javascript:alert(1)' } },
      { label: '   ', action: { type: 'message', text: 'nothing' } },
      ...Array.from({ length: 20 }, (_, i) => ({
        label: `會員選項第${i}號：非常長的標籤文字`,
        action: { type: 'message' as const, text: `o${i}` },
      })),
    ];
    const [message] = renderChecked([{ ...base, kind: 'text', text: 'menu', quickReplies }]);
    const items = message?.quickReply?.items ?? [];
    expect(items).toHaveLength(13);
    expect(items[0]?.action).toEqual({ type: 'postback', label: 'A label far longer …', data: 'cmd=points' });
    expect(items.every((i) => (i.action?.label ?? '').length <= 20)).toBe(true);
    expect(items.map((i) => i.action?.type)).not.toContain('uri');
    expect(JSON.stringify(items)).not.toContain('yyyy');
  });

  it('falls back to the plain text when a Flex would be over LINE limits, and says so', () => {
    const errors: Error[] = [];
    const t: FlexTemplates = { ...templates, onError: (e) => errors.push(e) };
    const huge = 'Very long description '.repeat(200);
    const history: Reply = {
      ...base,
      kind: 'history',
      title: 'History',
      emptyNote: null,
      lines: Array.from({ length: 10 }, () => ({
        date: '2026-03-01',
        delta: '+1',
        positive: true,
        pointTypeName: 'Bonus',
        unit: 'points',
        description: huge,
      })),
      text: 'History (plain)',
    };
    const [message] = renderChecked([history], t);
    expect(message).toEqual({ type: 'text', text: 'History (plain)' });
    expect(errors[0]?.message).toMatch(/bubble is \d+ bytes/);
  });

  it('keeps hostile values as text: no placeholder expansion, no structure', () => {
    const card = SAMPLE_REPLIES.card[0];
    if (!card) throw new Error('no sample');
    const hostile = { ...card, memberName: '{{theme.colors.primary}}"},{"type":"image' };
    const [message] = renderChecked([hostile]);
    expect(JSON.stringify(message)).toContain(JSON.stringify(hostile.memberName).slice(1, -1));
    const texts: string[] = [];
    JSON.stringify(message, (k, v) => {
      if (k === 'text' && typeof v === 'string') texts.push(v);
      return v;
    });
    expect(texts).toContain(hostile.memberName);
  });

  it('renders every sample of every kind with the shipped templates', () => {
    for (const kind of FLEX_KINDS) for (const sample of SAMPLE_REPLIES[kind]) renderChecked([sample]);
  });
});

describe('announcements (brand broadcasts) on LINE', () => {
  const claim: QuickReply = {
    label: 'Claim',
    action: { type: 'postback', data: 'cmd=claim&g=FLASH&n=bc-1', displayText: 'Claim' },
  };
  const menu: QuickReply[] = [{ label: 'Points', action: { type: 'postback', data: 'cmd=points' } }];
  const image = 'https://img.example/broadcasts/flash.jpg';
  const announcement = (o: Partial<Parameters<typeof announcementReply>[0]> = {}) =>
    announcementReply({
      title: 'Flash giveaway at noon',
      body: '500 Bonus points for the first 100 members.',
      language: 'en',
      ...o,
    });

  function bubbleOf(message: messagingApi.Message | undefined): messagingApi.FlexBubble {
    if (message?.type !== 'flex' || message.contents.type !== 'bubble') throw new Error('expected a Flex bubble');
    return message.contents;
  }

  it('shows the image as the hero only when set, and the button only when set', () => {
    const full = bubbleOf(renderChecked([announcement({ imageUrl: image, action: claim })])[0]);
    expect(full.hero).toMatchObject({ type: 'image', url: image, size: 'full' });
    expect(full.footer?.contents).toEqual([
      expect.objectContaining({
        type: 'button',
        action: { type: 'postback', label: 'Claim', data: 'cmd=claim&g=FLASH&n=bc-1', displayText: 'Claim' },
      }),
    ]);
    expect(JSON.stringify(full.body)).toContain('Flash giveaway at noon');
    expect(JSON.stringify(full.body)).toContain('500 Bonus points for the first 100 members.');

    const bare = bubbleOf(renderChecked([announcement()])[0]);
    expect(bare.hero).toBeUndefined();
    expect(bare.footer).toBeUndefined();

    const imageOnly = bubbleOf(renderChecked([announcement({ imageUrl: image })])[0]);
    expect(imageOnly.hero).toMatchObject({ url: image });
    expect(imageOnly.footer).toBeUndefined();

    const link: QuickReply = { label: 'Details', action: { type: 'uri', uri: 'https://pl.example/double' } };
    const buttonOnly = bubbleOf(renderChecked([announcement({ action: link })])[0]);
    expect(buttonOnly.hero).toBeUndefined();
    expect(JSON.stringify(buttonOnly.footer)).toContain('"uri":"https://pl.example/double"');
  });

  it('uses the plain text as altText and keeps the quick replies on the message', () => {
    const reply = announcement({ imageUrl: image, action: claim, quickReplies: menu });
    expect(reply.text).toBe('Flash giveaway at noon\n500 Bonus points for the first 100 members.\n→ Claim');
    const [message] = renderChecked([reply]);
    expect(message?.type === 'flex' && message.altText).toBe(reply.text);
    expect((message?.quickReply?.items ?? []).map((i) => i.action?.label)).toEqual(['Points']);
  });

  it('stays within LINE limits with long texts, in Chinese, and leaves out what LINE would refuse', () => {
    const long = announcementReply({
      title: '限時送點活動開跑！'.repeat(6).slice(0, 60),
      body: '每位會員今天中午起可領取 500 紅利點數，數量有限，送完為止。'.repeat(40).slice(0, 1000),
      imageUrl: image,
      action: { label: '立即領取這份限時送點好禮吧，數量有限送完為止', action: claim.action },
      language: 'zh-TW',
      quickReplies: menu,
    });
    const [message] = renderChecked([{ ...long, text: long.text.repeat(3) }]);
    expect(message?.type === 'flex' && message.altText.length).toBe(1500);
    const button = bubbleOf(message).footer?.contents[0];
    expect(button?.type === 'button' && button.action.label).toHaveLength(20);

    // An http image or one LINE would refuse is dropped (the builder and the renderer both check); so is a button
    // whose postback data is over 300 (cutting it would change the command).
    const insecure: Reply = {
      kind: 'announcement',
      language: 'en',
      title: 'Flash',
      body: 'Now',
      imageUrl: 'http://img.example/a.jpg',
      action: null,
      text: 'Flash\nNow',
    };
    expect(bubbleOf(renderChecked([insecure])[0]).hero).toBeUndefined();
    expect(announcement({ imageUrl: 'http://img.example/a.jpg' })).toMatchObject({ imageUrl: null });
    const tooMuch: QuickReply = {
      label: 'Claim',
      action: { type: 'postback', data: `cmd=claim&g=${'X'.repeat(300)}` },
    };
    expect(bubbleOf(renderChecked([announcement({ action: tooMuch })])[0]).footer).toBeUndefined();
  });

  it('falls back to text with the button as the first quick reply', () => {
    const reply = announcement({ imageUrl: image, action: claim, quickReplies: [...menu, claim] });
    const expected = {
      type: 'text',
      text: reply.text,
      quickReply: {
        items: [
          {
            type: 'action',
            action: { type: 'postback', label: 'Claim', data: 'cmd=claim&g=FLASH&n=bc-1', displayText: 'Claim' },
          },
          { type: 'action', action: { type: 'postback', label: 'Points', data: 'cmd=points' } },
        ],
      },
    };
    // The plain-text renderer...
    const plain = renderLineText([reply]);
    expect(plain).toEqual([expected]);
    for (const m of plain) expect(formatErrors(schema.validate('Message', m, { strict: true }))).toBe('');
    // ...and the Flex renderer when the template cannot be used.
    const errors: Error[] = [];
    const broken: FlexTemplates = {
      ...templates,
      templates: { ...templates.templates, announcement: { type: 'bubble', body: { text: '{{nope}}' } } },
      onError: (e) => errors.push(e),
    };
    expect(renderChecked([reply], broken)).toEqual([expected]);
    expect(errors[0]?.message).toContain('{{nope}}');
    // Without a button, the quick replies are the reply's own.
    expect(renderLineText([announcement({ quickReplies: menu })])[0]?.quickReply?.items).toHaveLength(1);
  });
});
