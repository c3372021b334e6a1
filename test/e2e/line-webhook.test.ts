// The webhook bodies our tests send are LINE's (validated against the official webhook.yml), and the route's parser
// maps each kind as the conversation expects.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLineWebhook } from '../../src/channels/line/webhook.js';
import { lineEvent, lineUserId, redelivered, ulid, webhookBody } from '../fakes/line-webhook.js';
import { formatErrors, loadLineSchema } from '../support/line-schema.js';

const WEBHOOK_YML = fileURLToPath(new URL('../../../shared/line-openapi/webhook.yml', import.meta.url));
const schema = loadLineSchema(WEBHOOK_YML);
const user = lineUserId();
const all = [
  lineEvent.follow({ userId: user, replyToken: 'r-follow' }),
  lineEvent.text({ userId: user, replyToken: 'r-text', text: '積分' }),
  lineEvent.postback({ userId: user, replyToken: 'r-postback', data: 'cmd=points' }),
  lineEvent.sticker({ userId: user, replyToken: 'r-sticker' }),
  lineEvent.location({ userId: user, replyToken: 'r-location' }),
  lineEvent.unfollow({ userId: user }),
  lineEvent.join({ userId: user, groupId: `C${'c'.repeat(32)}`, replyToken: 'r-join' }),
  lineEvent.unsend({ userId: user }),
  lineEvent.beacon({ userId: user, replyToken: 'r-beacon' }),
];

describe('LINE webhook bodies', () => {
  it('conform to webhook.yml (CallbackRequest)', () => {
    const body = JSON.parse(webhookBody(all));
    expect(formatErrors(schema.validate('CallbackRequest', body))).toBe('');
    expect(formatErrors(schema.validate('CallbackRequest', JSON.parse(webhookBody([]))))).toBe('');
  });

  it('use ULID event ids, increasing even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => ulid(1_760_000_000_000));
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('parseLineWebhook', () => {
  it('maps follow, text, postback, other messages and unfollow; ignores the rest', () => {
    const r = parseLineWebhook(JSON.parse(webhookBody(all)));
    if (!r.ok) throw new Error(`${r.path}: ${r.message}`);
    const [follow, text] = all;
    expect(r.value.events.map((e) => e.type)).toEqual([
      'follow',
      'text',
      'postback',
      'unsupported',
      'unsupported',
      'unfollow',
    ]);
    expect(r.value.events[0]).toEqual({
      channel: 'line',
      type: 'follow',
      userId: user,
      eventId: follow?.webhookEventId,
      occurredAt: follow?.timestamp,
      replyToken: 'r-follow',
    });
    expect(r.value.events[1]).toMatchObject({ type: 'text', text: '積分', eventId: text?.webhookEventId });
    expect(r.value.events[2]).toMatchObject({ type: 'postback', data: 'cmd=points', replyToken: 'r-postback' });
    expect(r.value.events[3]).toMatchObject({ type: 'unsupported', what: 'sticker' });
    expect(r.value.events[4]).toMatchObject({ type: 'unsupported', what: 'location' });
    expect(r.value.events[5]).not.toHaveProperty('replyToken');
    expect(r.value.ignored).toEqual(['event:join', 'event:unsend', 'event:beacon']);
  });

  it('keeps the event id of a redelivery (the inbox deduplicates it)', () => {
    const e = lineEvent.text({ userId: user, text: 'hi' });
    const r = parseLineWebhook(JSON.parse(webhookBody([e, redelivered(e)])));
    expect(r.ok && r.value.events.map((x) => x.eventId)).toEqual([e.webhookEventId, e.webhookEventId]);
  });

  it('ignores group and room chats and standby mode', () => {
    const r = parseLineWebhook(
      JSON.parse(
        webhookBody([
          lineEvent.text({ userId: user, text: 'x', source: { type: 'group', groupId: 'C1', userId: user } }),
          lineEvent.text({ userId: user, text: 'x', source: { type: 'room', roomId: 'R1', userId: user } }),
          lineEvent.text({ userId: user, text: 'x', mode: 'standby' }),
        ]),
      ),
    );
    expect(r.ok && r.value).toEqual({ events: [], ignored: ['source:group', 'source:room', 'mode:standby'] });
  });

  it('refuses bodies that are not LINE webhooks, naming the place', () => {
    expect(parseLineWebhook(null)).toMatchObject({ ok: false });
    expect(parseLineWebhook({ destination: 'U1' })).toMatchObject({ ok: false, path: 'events' });
    const noText = { ...lineEvent.text({ userId: user, text: 'x' }), message: { id: '1', type: 'text' } };
    expect(parseLineWebhook({ events: [noText] })).toMatchObject({ ok: false, path: 'events.0.message.text' });
    const noId = { ...lineEvent.follow({ userId: user }), webhookEventId: undefined };
    expect(parseLineWebhook({ events: [noId] })).toMatchObject({ ok: false, path: 'events.0.webhookEventId' });
  });
});
