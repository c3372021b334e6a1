// The LINE ReplySender and ProfileSource with the real @line/bot-sdk client against the fake LINE API on loopback:
// chunks of 5, reply-then-push, retry keys (stored and derived), outcomes per status, the text renderer's limits.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLineChannel, type LineChannel } from '../../src/channels/line/channel.js';
import { chunkRetryKey } from '../../src/channels/line/sender.js';
import { renderLineText } from '../../src/channels/line/text-render.js';
import type { QuickReply, Reply } from '../../src/conversation/domain/replies.js';
import type { OutboxItem } from '../../src/inbox/store.js';
import { type FakeLine, startFakeLine } from '../fakes/fake-line-server.js';
import { LINE_ACCESS_TOKEN, LINE_SECRET, lineUserId } from '../fakes/line-webhook.js';
import { formatErrors, lineLimitErrors, loadLineSchema } from '../support/line-schema.js';

const silent = { info() {}, warn() {}, error() {} };
const text = (t: string, quickReplies?: QuickReply[]): Reply => ({
  kind: 'text',
  text: t,
  language: 'en',
  ...(quickReplies ? { quickReplies } : {}),
});
const replies = (n: number) => Array.from({ length: n }, (_, i) => text(`message ${i + 1}`));

let fake: FakeLine;
let line: LineChannel;
let nextId = 1;

function item(userId: string, o: { replies: Reply[]; replyToken?: string | null; attempts?: number }): OutboxItem {
  return {
    id: nextId++,
    inboxId: null,
    channel: 'line',
    userId,
    replyToken: o.replyToken ?? null,
    replies: o.replies,
    retryKey: randomUUID(),
    attempts: o.attempts ?? 0,
  };
}

beforeAll(async () => {
  fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN });
  line = createLineChannel({
    channelSecret: LINE_SECRET,
    channelAccessToken: LINE_ACCESS_TOKEN,
    apiBaseUrl: fake.url,
    log: silent,
    render: renderLineText,
  });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

describe('LINE sender', () => {
  it('replies with the first 5 messages and pushes the rest with a derived, stable retry key', async () => {
    const user = lineUserId();
    const row = item(user, { replies: replies(7), replyToken: fake.replyToken(user) });
    expect(await line.sender.send(row)).toEqual({ status: 'sent' });
    expect(fake.deliveredTo(user).map((d) => [d.via, d.messages.length])).toEqual([
      ['reply', 5],
      ['push', 2],
    ]);
    const pushKey = fake.callsTo('push')[0]?.retryKey;
    expect(pushKey).toBe(await chunkRetryKey(row.retryKey, 1));
    expect(pushKey).not.toBe(row.retryKey);
    expect(fake.textsTo(user)).toEqual(replies(7).map((r) => r.text));
    expect(fake.invalid).toEqual([]);
  });

  it('a failed later chunk is retried alone: nothing is delivered twice', async () => {
    const user = lineUserId();
    const row = item(user, { replies: replies(7), replyToken: fake.replyToken(user) });
    fake.failNext('push', 500);
    expect((await line.sender.send(row)).status).toBe('retry');
    expect(await line.sender.send({ ...row, attempts: 1 })).toEqual({ status: 'sent' });
    expect(fake.textsTo(user)).toEqual(replies(7).map((r) => r.text));
    expect(fake.callsTo('reply')).toHaveLength(1);
  });

  it('expired token: every chunk is pushed with its own key; a full retry is all 409s and delivers nothing', async () => {
    const user = lineUserId();
    const row = item(user, { replies: replies(12), replyToken: fake.replyToken(user, { expired: true }) });
    expect(await line.sender.send(row)).toEqual({ status: 'sent' });
    const keys = fake.callsTo('push').map((c) => c.retryKey);
    expect(keys).toEqual([row.retryKey, await chunkRetryKey(row.retryKey, 1), await chunkRetryKey(row.retryKey, 2)]);
    expect(await line.sender.send({ ...row, attempts: 1 })).toEqual({ status: 'sent' });
    expect(fake.callsTo('push').map((c) => c.status)).toEqual([200, 200, 200, 409, 409, 409]);
    expect(fake.textsTo(user)).toHaveLength(12);
  });

  it('uses push, never the token, after the first attempt', async () => {
    const user = lineUserId();
    const row = item(user, { replies: replies(1), replyToken: fake.replyToken(user), attempts: 1 });
    expect(await line.sender.send(row)).toEqual({ status: 'sent' });
    expect(fake.callsTo('reply')).toHaveLength(0);
    expect(fake.callsTo('push')[0]?.retryKey).toBe(row.retryKey);
  });

  it.each([
    ['reply', 429, 'retry'],
    ['reply', 500, 'retry'],
    ['reply', 503, 'retry'],
    ['reply', 401, 'failed'],
    ['reply', 403, 'failed'],
    ['push', 429, 'retry'],
    ['push', 500, 'retry'],
    ['push', 400, 'failed'],
    ['push', 403, 'failed'],
    ['push', 404, 'failed'],
  ] as const)('%s answered %i -> %s', async (endpoint, status, outcome) => {
    const user = lineUserId();
    fake.failNext(endpoint, status, { message: `scripted ${status}` });
    const token = endpoint === 'reply' ? fake.replyToken(user) : fake.replyToken(user, { expired: true });
    const r = await line.sender.send(item(user, { replies: replies(1), replyToken: token }));
    expect(r.status).toBe(outcome);
    if (r.status !== 'sent') expect(r.error).toContain(String(status));
  });

  it('a wrong channel access token fails (401) and a network failure is retried', async () => {
    const user = lineUserId();
    const wrong = createLineChannel({
      channelSecret: LINE_SECRET,
      channelAccessToken: 'wrong',
      apiBaseUrl: fake.url,
      log: silent,
    });
    expect((await wrong.sender.send(item(user, { replies: replies(1) }))).status).toBe('failed');
    const down = await startFakeLine();
    await down.close();
    const offline = createLineChannel({
      channelSecret: LINE_SECRET,
      channelAccessToken: LINE_ACCESS_TOKEN,
      apiBaseUrl: down.url,
      log: silent,
    });
    expect((await offline.sender.send(item(user, { replies: replies(1) }))).status).toBe('retry');
    expect(await offline.profiles.profile(user)).toBeUndefined();
  });

  it('a renderer that throws falls back to plain text', async () => {
    const user = lineUserId();
    const broken = createLineChannel({
      channelSecret: LINE_SECRET,
      channelAccessToken: LINE_ACCESS_TOKEN,
      apiBaseUrl: fake.url,
      log: silent,
      render: () => {
        throw new Error('template exploded');
      },
    });
    expect(await broken.sender.send(item(user, { replies: replies(2), replyToken: fake.replyToken(user) }))).toEqual({
      status: 'sent',
    });
    expect(fake.textsTo(user)).toEqual(['message 1', 'message 2']);
  });

  it('the default renderer sends Flex that LINE accepts', async () => {
    const user = lineUserId();
    const flex = createLineChannel({
      channelSecret: LINE_SECRET,
      channelAccessToken: LINE_ACCESS_TOKEN,
      apiBaseUrl: fake.url,
      log: silent,
    });
    const welcome: Reply = {
      kind: 'welcome',
      title: 'Welcome',
      body: 'Hello there',
      text: 'Welcome! Hello there',
      language: 'en',
    };
    expect(await flex.sender.send(item(user, { replies: [welcome], replyToken: fake.replyToken(user) }))).toEqual({
      status: 'sent',
    });
    expect(fake.deliveredTo(user)[0]?.messages[0]?.type).toBe('flex');
    expect(fake.invalid).toEqual([]);
  });
});

describe('LINE profiles', () => {
  it('gives display name and language, and undefined when LINE cannot', async () => {
    const user = lineUserId();
    fake.setProfile(user, { displayName: '小明', language: 'zh-TW' });
    expect(await line.profiles.profile(user)).toEqual({ displayName: '小明', language: 'zh-TW' });
    expect(fake.callsTo('profile')[0]?.authorization).toBe(`Bearer ${LINE_ACCESS_TOKEN}`);
    expect(await line.profiles.profile(lineUserId())).toBeUndefined(); // 404
    fake.failNext('profile', 500);
    expect(await line.profiles.profile(user)).toBeUndefined();
  });
});

describe('chunk retry keys', () => {
  it('are the row key for chunk 0, else deterministic UUIDs in version 4 layout', async () => {
    const key = randomUUID();
    expect(await chunkRetryKey(key, 0)).toBe(key);
    const k1 = await chunkRetryKey(key, 1);
    expect(k1).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await chunkRetryKey(key, 1)).toBe(k1);
    expect(await chunkRetryKey(key, 2)).not.toBe(k1);
    expect(await chunkRetryKey(randomUUID(), 1)).not.toBe(k1);
  });
});

describe('text renderer', () => {
  const schema = loadLineSchema();
  const action = (i: number): QuickReply => ({
    label: `Option ${i}`,
    action: { type: 'message', text: `option ${i}` },
  });

  it('keeps LINE limits and leaves out actions LINE would refuse', () => {
    const quick: QuickReply[] = [
      {
        label: 'A label that is far too long for LINE',
        action: { type: 'postback', data: 'cmd=points', displayText: 'Points' },
      },
      { label: 'Too much data', action: { type: 'postback', data: 'x'.repeat(301) } },
      { label: 'Script', action: { type: 'uri', uri: 'javascript:alert(1)' } },
      { label: 'Terms', action: { type: 'uri', uri: 'https://example.com/terms' } },
      { label: '   ', action: { type: 'message', text: 'blank label' } },
      ...Array.from({ length: 15 }, (_, i) => action(i)),
    ];
    const messages = renderLineText([text('x'.repeat(6000)), text(''), text('last', quick)]);
    expect(messages).toHaveLength(2);
    expect((messages[0] as { text: string }).text).toHaveLength(5000);
    const items = messages[1]?.quickReply?.items ?? [];
    expect(items).toHaveLength(13);
    expect(items[0]?.action).toMatchObject({ type: 'postback', label: 'A label that is far…', data: 'cmd=points' });
    expect(items[1]?.action).toMatchObject({ type: 'uri', uri: 'https://example.com/terms' });
    for (const [i, m] of messages.entries())
      expect(formatErrors(schema.validate('Message', m, { strict: true, root: `messages[${i}]` }))).toBe('');
    expect(lineLimitErrors(messages)).toEqual([]);
  });
});
