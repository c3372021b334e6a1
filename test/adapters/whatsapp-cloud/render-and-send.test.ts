import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announcementReply } from '../../../src/broadcasts/domain/announcement.js';
import { broadcastReplies } from '../../../src/broadcasts/domain/content.js';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud/channel.js';
import type { GraphMessage } from '../../../src/channels/whatsapp-cloud/graph-message.js';
import { LIMITS, renderCloud } from '../../../src/channels/whatsapp-cloud/render.js';
import { signatureHeader, verifySignature } from '../../../src/channels/whatsapp-cloud/signature.js';
import { toInboundEvent } from '../../../src/channels/whatsapp-cloud/webhook.js';
import type { QuickReply, Reply } from '../../../src/conversation/domain/replies.js';
import { helpReply, promptQuickReplies, textReply, type ViewContext } from '../../../src/conversation/domain/views.js';
import { catalogItemSchema } from '../../../src/coupons/domain/catalog.js';
import { catalogReply, confirmReply } from '../../../src/coupons/domain/views.js';
import { openSqlite, type SqliteDatabase } from '../../../src/db/sqlite.js';
import { giveawaysReply } from '../../../src/giveaways/domain/views.js';
import type { OutboxItem } from '../../../src/inbox/store.js';
import { pointTypeSchema } from '../../../src/ledger/domain/point-type.js';
import { type FakeGraph, startFakeGraph } from '../../fakes/fake-graph-server.js';
import { silentLog } from '../../support/chat-harness.js';

const ctx: ViewContext = {
  language: 'en',
  timeZone: 'Asia/Taipei',
  brand: { name: 'pointloop café', termsUrl: 'https://example.com/terms', privacyUrl: 'https://example.com/privacy' },
  pointTypes: [pointTypeSchema.parse({ code: 'bonus', names: { 'zh-TW': '紅利點數', en: 'Bonus points' } })],
};
const item = (n: number, name = `Item number ${n}`) =>
  catalogItemSchema.parse({ code: `item${n}`, names: { 'zh-TW': name, en: name }, pointType: 'bonus', cost: 100 * n });

/** Every interactive message stays inside the Cloud API's limits. */
function expectWithinLimits(messages: readonly GraphMessage[]) {
  for (const m of messages) {
    if (m.type === 'text') expect([...m.text.body].length).toBeLessThanOrEqual(LIMITS.text);
    if (m.type === 'image') expect([...(m.image.caption ?? '')].length).toBeLessThanOrEqual(LIMITS.caption);
    if (m.type !== 'interactive') continue;
    const i = m.interactive;
    expect([...i.body.text].length).toBeLessThanOrEqual(LIMITS.interactiveBody);
    if (i.type === 'button') {
      expect(i.action.buttons.length).toBeLessThanOrEqual(3);
      for (const b of i.action.buttons) {
        expect([...b.reply.title].length).toBeLessThanOrEqual(20);
        expect(b.reply.id.length).toBeLessThanOrEqual(256);
      }
    } else {
      const rows = i.action.sections.flatMap((s) => s.rows);
      expect(rows.length).toBeLessThanOrEqual(10);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect([...i.action.button].length).toBeLessThanOrEqual(20);
      for (const r of rows) {
        expect([...r.title].length).toBeLessThanOrEqual(24);
        expect([...(r.description ?? '')].length).toBeLessThanOrEqual(72);
        expect(r.id.length).toBeLessThanOrEqual(200);
      }
    }
  }
}

describe('Cloud API rendering', () => {
  it('renders a confirmation as reply buttons under its text', () => {
    const { messages } = renderCloud([confirmReply(ctx, item(1, 'Large latte'), 10)]);
    expect(messages).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: "*Redeem 'Large latte'?*\nIt costs 100 points. Your balance after: 10 points." },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'cmd=agree', title: 'Confirm' } },
              { type: 'reply', reply: { id: 'cmd=cancel', title: 'Cancel' } },
            ],
          },
        },
      },
    ]);
  });

  it('renders more than 3 choices as a list, and text answers as "msg:" ids that come back as text', () => {
    const help = renderCloud([helpReply(ctx)]).messages[0];
    expect(help).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: 'Choose' } } });
    const name = renderCloud([textReply(ctx, 'register.ask_name', {}, promptQuickReplies('en', 'name', 'Amy'))]);
    const button = name.messages[0]?.type === 'interactive' ? name.messages[0].interactive : null;
    expect(button?.type === 'button' && button.action.buttons[0]?.reply).toEqual({ id: 'msg:Amy', title: 'Amy' });
    const back = toInboundEvent({
      from: '886900000001',
      id: 'wamid.1',
      timestamp: '1750000000',
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'msg:Amy', title: 'Amy' } },
    });
    expect(back).toMatchObject({ type: 'text', text: 'Amy', eventId: 'wamid.1', channel: 'wa_cloud' });
  });

  it('puts a short list and the menu in one list message with two sections; shortens long titles', () => {
    const live = {
      code: 'DEMO',
      titles: { en: 'A very long grand opening flash giveaway', 'zh-TW': '開幕' },
      pointType: 'bonus',
      perClaim: 50,
      budget: 10_000,
      budgetLeft: 9_000,
      endsAt: Date.UTC(2026, 2, 4),
    };
    const reply = giveawaysReply(ctx, [live] as never, 'seed');
    const { messages } = renderCloud([reply]);
    expectWithinLimits(messages);
    expect(messages).toHaveLength(1);
    const list = messages[0]?.type === 'interactive' ? messages[0].interactive : null;
    if (list?.type !== 'list') throw new Error('expected a list');
    expect(list.action.sections.map((s) => s.title)).toEqual(['Flash giveaways', 'Menu']);
    expect(list.action.sections[0]?.rows[0]).toMatchObject({
      id: 'cmd=claim&g=DEMO&n=seed-DEMO',
      title: 'A very long grand openi…',
    });
    expect(list.action.sections[0]?.rows[0]?.description).toContain('A very long grand opening flash giveaway');
  });

  it('falls back to numbered text when a list has more than 10 choices, and stays within every limit', () => {
    const items = Array.from({ length: 12 }, (_, i) => item(i + 1));
    const replies: Reply[] = [catalogReply(ctx, items, 1)];
    const { messages, options } = renderCloud(replies);
    expectWithinLimits(messages);
    const body = messages
      .map((m) => (m.type === 'text' ? m.text.body : m.type === 'interactive' ? m.interactive.body.text : ''))
      .join('\n');
    expect(body).toContain('11. *Item number 11*');
    expect(options[0]?.action).toMatchObject({ data: 'cmd=choose&item=item1' });
    // The menu (next page + 9 commands = 10) still fits a list.
    expect(messages.at(-1)).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
  });
});

describe('Cloud API rendering of announcements (brand broadcasts)', () => {
  const claim: QuickReply = {
    label: 'Claim',
    action: { type: 'postback', data: 'cmd=claim&g=FLASH&n=bc-1', displayText: 'Claim' },
  };
  const base = {
    title: 'Flash giveaway at noon',
    body: '500 Bonus points for the first 100 members.',
    language: 'en' as const,
  };
  const image = 'https://img.example/flash.jpg';
  const head = '*Flash giveaway at noon*\n500 Bonus points for the first 100 members.';

  it('shows the image as the header of a reply-button message whose button claims', () => {
    const { messages, options } = renderCloud([announcementReply({ ...base, imageUrl: image, action: claim })]);
    expect(messages).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'image', image: { link: image } },
          body: { text: head },
          action: { buttons: [{ type: 'reply', reply: { id: 'cmd=claim&g=FLASH&n=bc-1', title: 'Claim' } }] },
        },
      },
    ]);
    // The same option numbers as the text rendering: typing "1" claims too.
    expect(options.map((o) => o.action)).toEqual([claim.action]);
    const back = toInboundEvent({
      from: '886900000001',
      id: 'wamid.2',
      timestamp: '1750000000',
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'cmd=claim&g=FLASH&n=bc-1', title: 'Claim' } },
    });
    expect(back).toMatchObject({ type: 'postback', data: 'cmd=claim&g=FLASH&n=bc-1' });
  });

  it('without a button: an image with a caption, or a text', () => {
    expect(renderCloud([announcementReply({ ...base, imageUrl: image })]).messages).toEqual([
      { type: 'image', image: { link: image, caption: head } },
    ]);
    expect(renderCloud([announcementReply(base)]).messages).toEqual([
      { type: 'text', text: { body: head, preview_url: false } },
    ]);
    const noImage = renderCloud([announcementReply({ ...base, action: claim })]).messages;
    expect(noImage).toHaveLength(1);
    expect(noImage[0]).toMatchObject({ type: 'interactive', interactive: { type: 'button', body: { text: head } } });
    expect(noImage[0]?.type === 'interactive' && 'header' in noImage[0].interactive).toBe(false);
  });

  it('adds the menu to the buttons when all fit in 3, else sends the menu after it', () => {
    const two: QuickReply[] = [
      { label: 'Points', action: { type: 'postback', data: 'cmd=points' } },
      { label: 'Help', action: { type: 'postback', data: 'cmd=help' } },
    ];
    const fits = renderCloud([announcementReply({ ...base, action: claim, quickReplies: two })]).messages;
    expect(fits).toHaveLength(1);
    const buttons =
      fits[0]?.type === 'interactive' && fits[0].interactive.type === 'button' ? fits[0].interactive : null;
    expect(buttons?.action.buttons.map((b) => b.reply.title)).toEqual(['Claim', 'Points', 'Help']);

    const full = renderCloud([
      announcementReply({
        ...base,
        imageUrl: image,
        action: claim,
        quickReplies: [
          ...two,
          ...two.map((q) => ({ ...q, label: `${q.label}!`, action: { type: 'message' as const, text: q.label } })),
        ],
      }),
    ]);
    expectWithinLimits(full.messages);
    expect(full.messages).toHaveLength(2);
    expect(full.messages[0]).toMatchObject({ interactive: { header: { image: { link: image } } } });
    expect(full.messages[1]).toMatchObject({
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Menu' } },
    });
    expect(full.options.map((o) => o.label)).toEqual(['Claim', 'Points', 'Help', 'Points!', 'Help!']);
  });

  it('sends a link button as a link, and a text over 1,024 before its button', () => {
    const details: QuickReply = { label: 'Details', action: { type: 'uri', uri: 'https://pl.example/double' } };
    expect(renderCloud([announcementReply({ ...base, imageUrl: image, action: details })]).messages).toEqual([
      { type: 'image', image: { link: image, caption: head } },
      { type: 'text', text: { body: '🔗 Details: https://pl.example/double', preview_url: false } },
    ]);

    const body = '每位會員今天中午起可領取 500 紅利點數，數量有限，送完為止。'.repeat(40).slice(0, 1000);
    const long = renderCloud([
      announcementReply({ ...base, body, imageUrl: image, action: { ...claim, label: 'Claim your 500 points now' } }),
    ]).messages;
    expectWithinLimits(long);
    expect(long).toEqual([
      { type: 'image', image: { link: image, caption: '*Flash giveaway at noon*' } },
      { type: 'text', text: { body: `*Flash giveaway at noon*\n${body}`, preview_url: false } },
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: '*Flash giveaway at noon*' },
          action: {
            buttons: [{ type: 'reply', reply: { id: 'cmd=claim&g=FLASH&n=bc-1', title: 'Claim your 500 poin…' } }],
          },
        },
      },
    ]);
  });
});

describe('Cloud API signature', () => {
  it('accepts Meta-style signatures of the exact raw bytes only', async () => {
    const body = new TextEncoder().encode('{"a":1}');
    const header = await signatureHeader('s3cret', body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await verifySignature('s3cret', body, header)).toBe(true);
    expect(await verifySignature('s3cret', body, header.toUpperCase().replace('SHA256', 'sha256'))).toBe(true);
    expect(await verifySignature('other', body, header)).toBe(false);
    expect(await verifySignature('s3cret', new TextEncoder().encode('{"a":2}'), header)).toBe(false);
    expect(await verifySignature('s3cret', body, undefined)).toBe(false);
  });
});

describe('Cloud API sender (fake Graph)', () => {
  let graph: FakeGraph;
  let db: SqliteDatabase;
  let now = Date.UTC(2026, 2, 1);
  beforeEach(async () => {
    graph = await startFakeGraph();
    db = openSqlite({ path: ':memory:' });
    db.raw
      .prepare('INSERT INTO whatsapp_cloud_contacts (user_id, last_inbound_at, updated_at) VALUES (?, ?, ?)')
      .run('886900000001', now - 60_000, now);
  });
  afterEach(async () => {
    await graph.close();
    db.close();
  });
  const channel = () =>
    createWhatsAppCloudChannel({
      accessToken: 'tok',
      appSecret: 'sec',
      verifyToken: 'ver',
      phoneNumberId: '123',
      graphBaseUrl: graph.url,
      db,
      log: silentLog,
      now: () => now,
    });
  /** An outbox row as the inbox would have stored it, and the item the sender is handed for it. */
  const outbox = (replies: Reply[], id = 1): OutboxItem => {
    db.raw
      .prepare(
        `INSERT OR IGNORE INTO outbox (id, channel, user_id, replies, retry_key, created_at)
         VALUES (?, 'wa_cloud', '886900000001', ?, ?, ?)`,
      )
      .run(id, JSON.stringify(replies), `k${id}`, now);
    return {
      id,
      inboxId: null,
      channel: 'wa_cloud',
      userId: '886900000001',
      replyToken: null,
      replies,
      retryKey: `k${id}`,
      attempts: 0,
    };
  };

  it('asks for a retry on 429 and 500, and never repeats the messages Graph already took', async () => {
    const c = channel();
    const item = outbox([textReply(ctx, 'register.done', { name: 'Amy', code: '1' }), helpReply(ctx)]);
    graph.failNext(429);
    expect(await c.sender.send(item)).toMatchObject({ status: 'retry', error: expect.stringContaining('429') });
    expect(graph.sentTo('886900000001')).toHaveLength(0);
    // First message accepted, second answered 500: retry, then only the second goes out.
    graph.failAfter(1, 500);
    expect(await c.sender.send(item)).toMatchObject({ status: 'retry', error: expect.stringContaining('500') });
    expect((await c.sender.send(item)).status).toBe('sent');
    const ok = graph.sentTo('886900000001');
    expect(ok.map((x) => x.body.type)).toEqual(['text', 'interactive']);
    expect(ok.every((x) => x.authorization === 'Bearer tok' && x.phoneNumberId === '123')).toBe(true);
  });

  it('remembers in the database which messages Graph took: a restarted sender goes on from the next one', async () => {
    const item = outbox([textReply(ctx, 'register.done', { name: 'Amy', code: '1' }), helpReply(ctx)], 7);
    graph.failAfter(1, 500);
    expect((await channel().sender.send(item)).status).toBe('retry');
    // A new channel on the same database stands for a restarted process or another Workers isolate.
    expect((await channel().sender.send(item)).status).toBe('sent');
    expect(graph.sentTo('886900000001').map((x) => x.body.type)).toEqual(['text', 'interactive']);
    const parts = db.raw.prepare('SELECT part, message_id FROM outbox_parts WHERE outbox_id = 7 ORDER BY part').all();
    expect(parts).toEqual([
      { part: 0, message_id: expect.stringMatching(/^wamid\./) },
      { part: 1, message_id: expect.stringMatching(/^wamid\./) },
    ]);
  });

  it('sends an announcement with its image header and button through Graph', async () => {
    const c = channel();
    const reply = announcementReply({
      title: 'Flash giveaway at noon',
      body: 'Tap to claim.',
      imageUrl: 'https://img.example/flash.jpg',
      action: { label: 'Claim', action: { type: 'postback', data: 'cmd=claim&g=FLASH&n=bc-1' } },
      language: 'en',
    });
    expect((await c.sender.send(outbox([reply], 4))).status).toBe('sent');
    const [sent] = graph.sentTo('886900000001');
    expect(sent?.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '886900000001',
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'image', image: { link: 'https://img.example/flash.jpg' } },
        body: { text: '*Flash giveaway at noon*\nTap to claim.' },
      },
    });
  });

  it('fails for good on other 4xx errors, and outside the 24-hour window without calling Graph', async () => {
    const c = channel();
    graph.failNext(400, 1, 131026);
    expect(await c.sender.send(outbox([helpReply(ctx)], 2))).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('131026'),
    });
    now += 24 * 3600_000 + 1;
    const calls = graph.calls.length;
    expect(await c.sender.send(outbox([helpReply(ctx)], 3))).toEqual({
      status: 'failed',
      error: 'outside_24h_window',
    });
    expect(graph.calls.length).toBe(calls);
  });

  it('sends a broadcast as its approved template outside the 24-hour window, and as itself inside it', async () => {
    const c = channel();
    const content = {
      default: { type: 'text' as const, text: 'Double points this Tuesday!' },
      whatsappTemplate: { name: 'double_points', language: 'en_US', parameters: ['Tuesday'] },
    };
    const replies = broadcastReplies(content, 'en', 'wa_cloud', 'b1');
    expect((await c.sender.send(outbox(replies, 5))).status).toBe('sent');
    now += 24 * 3600_000 + 1;
    expect((await c.sender.send(outbox(replies, 6))).status).toBe('sent');
    expect(graph.sentTo('886900000001').map((x) => x.body)).toMatchObject([
      { type: 'text', text: { body: 'Double points this Tuesday!' } },
      {
        type: 'template',
        template: {
          name: 'double_points',
          language: { code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Tuesday' }] }],
        },
      },
    ]);
    // LINE members never carry the template.
    expect(broadcastReplies(content, 'en', 'line', 'b1')[0]?.whatsappTemplate).toBeUndefined();
  });
});
