// The birthday's date picker: LINE sends the pick as postback.params.date beside the data; the webhook parser
// passes it on and the intent parser hands it to the command (issue 14, registration).
import { describe, expect, it } from 'vitest';
import { parseLineWebhook } from '../../../src/channels/line/webhook.js';

const event = (postback: object) => ({
  destination: 'U0',
  events: [
    {
      type: 'postback',
      mode: 'active',
      timestamp: 1,
      webhookEventId: 'ev-1',
      deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId: 'U1' },
      replyToken: 'rt',
      postback,
    },
  ],
});

describe('LINE postback params', () => {
  it('passes params.date through to the inbound event', () => {
    const parsed = parseLineWebhook(event({ data: 'cmd=birthday', params: { date: '1990-05-31' } }));
    expect(parsed.ok && parsed.value.events[0]).toMatchObject({ type: 'postback', params: { date: '1990-05-31' } });
  });
  it('a postback without params has none', () => {
    const parsed = parseLineWebhook(event({ data: 'cmd=points' }));
    expect(parsed.ok && parsed.value.events[0]).not.toHaveProperty('params');
  });
});
