// The Workers tests' LINE stand-in (outboundService in vitest.config.ts) refuses what LINE would refuse, so the
// LINE chat suite and the broadcast test on Workers prove their messages valid, as the Node fake does.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const post = (path: string, body: unknown) =>
  fetch(`${env.LINE_API_BASE_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
    body: JSON.stringify(body),
  });

describe("the Workers tests' LINE stand-in", () => {
  it('accepts a valid push and multicast', async () => {
    expect((await post('/v2/bot/message/push', { to: 'U1', messages: [{ type: 'text', text: 'hi' }] })).status).toBe(
      200,
    );
    const multicast = { to: ['U1', 'U2'], messages: [{ type: 'text', text: 'hi' }] };
    expect((await post('/v2/bot/message/multicast', multicast)).status).toBe(200);
  });

  it("answers 400 like LINE to a body off LINE's schema or over its limits", async () => {
    const misspelt = await post('/v2/bot/message/push', { to: 'U1', messages: [{ type: 'text', txt: 'hi' }] });
    expect(misspelt.status).toBe(400);
    expect(await misspelt.json()).toMatchObject({ message: expect.stringMatching(/error/) });
    const six = Array.from({ length: 6 }, () => ({ type: 'text', text: 'hi' }));
    expect((await post('/v2/bot/message/reply', { replyToken: 'r', messages: six })).status).toBe(400);
    const longAlt = { type: 'flex', altText: 'x'.repeat(1501), contents: { type: 'bubble' } };
    expect((await post('/v2/bot/message/push', { to: 'U1', messages: [longAlt] })).status).toBe(400);
  });
});
