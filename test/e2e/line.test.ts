// LINE end to end over real HTTP: signed webhook bodies (built from webhook.yml) -> the real Node server (Hono,
// durable inbox, conversation, ledger, SQLite file) -> the real @line/bot-sdk client -> a fake LINE API on loopback
// that records every call, enforces single-use reply tokens and deduplicates pushes by X-Line-Retry-Key.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LineMessage } from '../fakes/fake-line-server.js';
import { type LineDriver, startLineDriver } from '../fakes/line-harness.js';
import {
  LINE_SECRET,
  lineEvent,
  lineUserId,
  postWebhook,
  redelivered,
  signBody,
  webhookBody,
} from '../fakes/line-webhook.js';

const quickLabels = (m: LineMessage | undefined) => m?.quickReply?.items.map((i) => i.action.label) ?? [];

describe('LINE webhook -> conversation -> Messaging API (real HTTP, fake LINE)', () => {
  let d: LineDriver;
  beforeAll(async () => {
    d = await startLineDriver();
  });
  afterAll(async () => {
    await d?.stop();
  });
  afterEach(() => {
    // Every body we sent LINE was valid against messaging-api.yml and LINE's limits.
    expect(d.fake.invalid).toEqual([]);
  });

  it('registers a member from follow to card through reply calls', async () => {
    const user = d.newUser({ displayName: 'Amy Chen', language: 'en' });

    const hello = await d.say(user, 'follow');
    expect(hello.deliveries.map((x) => x.via)).toEqual(['reply']);
    expect(hello.text).toMatch(/welcome/i);
    // The LINE profile's display name is offered as the first quick reply of the name prompt.
    expect(quickLabels(hello.messages.at(-1))[0]).toBe('Amy Chen');
    expect(d.fake.callsTo('profile').some((c) => c.path === `/v2/bot/profile/${user}`)).toBe(true);

    expect((await d.say(user, 'Amy Chen')).text).toContain('mobile number');
    expect((await d.say(user, '12345')).text).toContain("doesn't look like a mobile number");
    expect((await d.say(user, '0912-345-678')).text).toContain('birthday');
    expect((await d.say(user, '1990-05-31')).text).toContain('terms');
    const joined = await d.say(user, { postback: 'cmd=agree' });
    expect(joined.deliveries).toHaveLength(1);
    expect(joined.deliveries[0]?.via).toBe('reply');
    expect(joined.text).toContain('+100 points');
    // The membership card is a Flex message.
    const card = joined.messages.find((m) => m.type === 'flex');
    expect(card?.altText).toMatch(/Amy Chen/);

    const member = d.db.prepare('SELECT * FROM members WHERE name = ?').get('Amy Chen') as
      | { phone_e164: string; birthday: string; member_code: string; consent_version: string }
      | undefined;
    expect(member).toMatchObject({ phone_e164: '+886912345678', birthday: '1990-05-31' });
    expect(JSON.stringify(card)).toContain(member?.member_code);

    // Every reply call used a token the fake issued for this user, each once, with our channel access token.
    const replies = d.fake.callsTo('reply').filter((c) => c.status === 200);
    expect(replies).toHaveLength(6);
    expect(replies.every((c) => c.authorization === 'Bearer test-channel-access-token')).toBe(true);
    expect(d.fake.callsTo('push')).toHaveLength(0);
  });

  it('answers points, history and card, and anything else with help', async () => {
    const user = d.newUser({ displayName: 'Ben', language: 'en' });
    for (const input of ['hi', 'Ben', '0912000111', 'skip', 'agree']) await d.say(user, input);

    const points = await d.say(user, 'points');
    expect(points.messages[0]?.type).toBe('flex');
    expect(points.text).toMatch(/Bonus points.*100/s);
    const history = await d.say(user, '紀錄');
    expect(history.text).toContain('+100');
    expect(history.text).toContain('Welcome gift');
    const card = await d.say(user, 'card');
    expect(card.messages[0]?.type).toBe('flex');
    const unknown = await d.say(user, 'what is the meaning of life');
    expect(unknown.deliveries).toHaveLength(1);
    expect(quickLabels(unknown.messages.at(-1)).length).toBeGreaterThan(0);
    const sticker = await d.say(user, { sticker: true });
    expect(sticker.deliveries).toHaveLength(1);
    expect(quickLabels(sticker.messages.at(-1)).length).toBeGreaterThan(0);
  });

  it('a redelivered follow is acknowledged, processed once and answered once; the welcome bonus is given once', async () => {
    const user = d.newUser();
    const follow = d.event(user, 'follow');
    const again = redelivered(follow);
    // Both arrive at once, as LINE's redelivery may overlap the first delivery.
    const [r1, r2] = await Promise.all([d.post([follow]), d.post([again])]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    await d.settled([follow.webhookEventId]);
    // A third copy after processing.
    expect((await d.post([again])).status).toBe(200);
    // A later event of the same member is processed after anything the copies could have caused.
    const name = await d.say(user, 'Amy');
    expect(name.text).toContain('mobile number');
    expect(
      d.fake.deliveredTo(user).filter((x) => x.messages.some((m) => /welcome/i.test(String(m.altText ?? m.text)))),
    ).toHaveLength(1);
    expect(
      d.count("SELECT COUNT(*) AS n FROM inbox_events WHERE channel = 'line' AND event_id = ?", follow.webhookEventId),
    ).toBe(1);

    await d.say(user, '0912000222');
    await d.say(user, 'skip');
    const agree = d.event(user, 'agree');
    const [a1, a2] = await Promise.all([d.post([agree]), d.post([redelivered(agree)])]);
    expect([a1.status, a2.status]).toEqual([200, 200]);
    await d.settled([agree.webhookEventId]);
    await d.say(user, 'points');

    const memberId = (
      d.db.prepare('SELECT member_id FROM identities WHERE user_id = ?').get(user) as { member_id: string }
    ).member_id;
    expect(d.count('SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key = ?', `welcome:${memberId}`)).toBe(1);
    expect(d.count('SELECT COUNT(*) AS n FROM members WHERE id = ?', memberId)).toBe(1);
    const joinedTexts = d.fake.textsTo(user).filter((t) => t.includes('+100 points'));
    expect(joinedTexts).toHaveLength(1);
  });

  it('20 concurrent messages from one member: each processed once, one conversation state', async () => {
    const user = d.newUser({ displayName: 'Carol', language: 'en' });
    const events = Array.from({ length: 20 }, (_, i) => d.event(user, i === 0 ? 'hi' : 'Carol'));
    const responses = await Promise.all(events.map((e) => d.post([e])));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    await d.settled(
      events.map((e) => e.webhookEventId),
      20_000,
    );

    expect(d.count("SELECT COUNT(*) AS n FROM conversation_states WHERE channel = 'line' AND user_id = ?", user)).toBe(
      1,
    );
    const done = d.count(
      `SELECT COUNT(*) AS n FROM inbox_done JOIN inbox_events ON inbox_events.id = inbox_done.inbox_id
       WHERE inbox_events.channel = 'line' AND inbox_events.user_id = ?`,
      user,
    );
    expect(done).toBe(20);
    // One answer per message, each delivered once (by its own reply token).
    const deliveries = d.fake.deliveredTo(user);
    expect(deliveries).toHaveLength(20);
    expect(deliveries.every((x) => x.via === 'reply')).toBe(true);
    expect(d.count("SELECT COUNT(*) AS n FROM outbox WHERE user_id = ? AND status = 'sent'", user)).toBe(20);
  });
});

describe('LINE webhook: refusals and odd bodies', () => {
  let d: LineDriver;
  beforeAll(async () => {
    d = await startLineDriver();
  });
  afterAll(async () => {
    await d?.stop();
  });

  const oneFollow = () => webhookBody([lineEvent.follow({ userId: lineUserId(), replyToken: 'x' })]);

  it('401 for a wrong signature, a signature with another secret, and no signature', async () => {
    const body = oneFollow();
    const { signature } = await signBody(body);
    const tampered = body.replace('"follow"', '"unfollow"');
    for (const res of [
      await postWebhook(d.server.url, tampered, { signature }),
      await postWebhook(d.server.url, body, { secret: 'another-secret' }),
      await postWebhook(d.server.url, body, { signature: 'not base64 at all' }),
      await postWebhook(d.server.url, body, { signature: '' }),
      await postWebhook(d.server.url, body, { signature: null }),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'invalid_signature' });
    }
    expect(d.count('SELECT COUNT(*) AS n FROM inbox_events')).toBe(0);
  });

  it('400 for malformed JSON and malformed payloads, correctly signed', async () => {
    const bad = await postWebhook(d.server.url, '{"destination": "U1", "events": [');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'malformed_json' });
    const notUtf8 = await postWebhook(d.server.url, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(notUtf8.status).toBe(400);

    for (const body of [
      '[]',
      '{"destination":"U1"}',
      '{"events":"nope"}',
      JSON.stringify({ events: [{ type: 'message', timestamp: 1, mode: 'active' }] }),
      JSON.stringify({
        events: [{ ...lineEvent.text({ userId: 'U1', text: 'hi' }), message: { id: '1', type: 'text' } }],
      }),
    ]) {
      const res = await postWebhook(d.server.url, body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('malformed_payload');
    }
  });

  it('413 for a body over 1 MB, by Content-Length and by actual size', async () => {
    const big = JSON.stringify({ destination: 'U1', events: [], pad: 'x'.repeat(1024 * 1024) });
    const res = await postWebhook(d.server.url, big);
    expect(res.status).toBe(413);
    // Chunked (no Content-Length): refused on the bytes actually read.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const part = new TextEncoder().encode('x'.repeat(64 * 1024));
        for (let i = 0; i < 20; i++) controller.enqueue(part);
        controller.close();
      },
    });
    const chunked = await fetch(`${d.server.url}/webhooks/line`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': 'AAAA' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("200 for the console's Verify (events: []) and for event types we do not handle", async () => {
    const verify = await postWebhook(d.server.url, webhookBody([]));
    expect(verify.status).toBe(200);
    expect(await verify.json()).toEqual({});
    const user = lineUserId();
    const ignored = [
      lineEvent.join({ userId: user, groupId: `C${'a'.repeat(32)}`, replyToken: 'r1' }),
      lineEvent.unsend({ userId: user }),
      lineEvent.beacon({ userId: user, replyToken: 'r2' }),
      lineEvent.unknown({ userId: user, type: 'somethingNew' }),
      lineEvent.text({
        userId: user,
        text: 'in a group',
        source: { type: 'group', groupId: `C${'b'.repeat(32)}`, userId: user },
      }),
      lineEvent.text({ userId: user, text: 'standby', mode: 'standby' }),
    ];
    const res = await postWebhook(d.server.url, webhookBody(ignored));
    expect(res.status).toBe(200);
    expect(d.count('SELECT COUNT(*) AS n FROM inbox_events')).toBe(0);
  });
});

describe('LINE delivery: reply token fallback and retries', () => {
  let d: LineDriver;
  beforeAll(async () => {
    d = await startLineDriver();
  });
  afterAll(async () => {
    await d?.stop();
  });
  afterEach(() => {
    expect(d.fake.invalid).toEqual([]);
  });

  it('an expired reply token -> exactly one push with the stored X-Line-Retry-Key', async () => {
    const user = d.newUser();
    const event = lineEvent.follow({ userId: user, replyToken: d.fake.replyToken(user, { expired: true }) });
    expect((await d.post([event])).status).toBe(200);
    await d.settled([event.webhookEventId]);
    const replies = d.fake.callsTo('reply').filter((c) => JSON.stringify(c.body).includes(String(event.replyToken)));
    expect(replies.map((c) => c.status)).toEqual([400]);
    const pushes = d.fake.callsTo('push').filter((c) => (c.body as { to: string }).to === user);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.status).toBe(200);
    const row = d.db.prepare('SELECT retry_key, status FROM outbox WHERE user_id = ?').get(user) as {
      retry_key: string;
      status: string;
    };
    expect(row.status).toBe('sent');
    expect(pushes[0]?.retryKey).toBe(row.retry_key);
    expect(d.fake.deliveredTo(user)).toHaveLength(1);
  });

  it('a push whose answer is lost is retried with the same key and not delivered twice', async () => {
    const user = d.newUser();
    d.fake.acceptThenFail('push', 500);
    const event = lineEvent.follow({ userId: user, replyToken: d.fake.replyToken(user, { expired: true }) });
    expect((await d.post([event])).status).toBe(200);
    // The 500 leaves the row pending; the retry (in the same drain) gets 409 from LINE: already accepted.
    await d.settled([event.webhookEventId]);
    const pushes = d.fake.callsTo('push').filter((c) => (c.body as { to: string }).to === user);
    expect(pushes.map((c) => c.status)).toEqual([500, 409]);
    expect(new Set(pushes.map((c) => c.retryKey)).size).toBe(1);
    expect(d.fake.deliveredTo(user)).toHaveLength(1);
    expect(d.count("SELECT COUNT(*) AS n FROM outbox WHERE user_id = ? AND status = 'sent'", user)).toBe(1);
  });

  for (const status of [429, 500]) {
    it(`a ${status} on reply is retried later and delivered once`, async () => {
      // Event-driven with a generous bound, and ordering rather than elapsed time: the push comes no earlier than
      // the next_attempt_at recorded after the failed reply, whatever the load.
      const user = d.newUser();
      d.fake.failNext('reply', status);
      const before = d.fake.calls.length;
      const event = d.event(user, 'follow');
      expect((await d.post([event])).status).toBe(200);
      await d.settled([event.webhookEventId], 120_000);
      const calls = d.fake.calls
        .slice(before)
        .filter(
          (c) =>
            (c.endpoint === 'reply' && JSON.stringify(c.body).includes(String(event.replyToken))) ||
            (c.endpoint === 'push' && (c.body as { to: string }).to === user),
        );
      expect(calls.map((c) => [c.endpoint, c.status])).toEqual([
        ['reply', status],
        ['push', 200],
      ]);
      expect(d.fake.deliveredTo(user)).toHaveLength(1);
      const row = d.db
        .prepare('SELECT attempts, status, next_attempt_at AS at FROM outbox WHERE user_id = ?')
        .get(user) as {
        attempts: number;
        status: string;
        at: number;
      };
      expect(row).toMatchObject({ attempts: 2, status: 'sent' });
      // A retry was scheduled after the failed reply, and the push waited for it.
      const [failed, pushed] = calls as [(typeof calls)[0], (typeof calls)[0]];
      expect(row.at).toBeGreaterThan(failed.at);
      expect(pushed.at).toBeGreaterThanOrEqual(row.at);
    });
  }

  it('a profile that cannot be fetched still lets the member register', async () => {
    const user = lineUserId(); // no profile on the fake: 404
    const hello = await d.say(user, 'follow');
    expect(hello.deliveries).toHaveLength(1);
    expect(hello.text.toLowerCase()).toContain('name');
    d.fake.failNext('profile', 500);
    const other = lineUserId();
    expect((await d.say(other, 'hi')).deliveries).toHaveLength(1);
  });

  it('a 403 on push (blocked, or no push plan) fails the row without retrying', async () => {
    const user = d.newUser();
    d.fake.failNext('push', 403, { message: 'The user has blocked the account' });
    const event = lineEvent.follow({ userId: user, replyToken: d.fake.replyToken(user, { expired: true }) });
    expect((await d.post([event])).status).toBe(200);
    await d.fake.waitFor(
      'the failed row',
      () => d.count("SELECT COUNT(*) AS n FROM outbox WHERE user_id = ? AND status = 'failed'", user) === 1,
    );
    expect(d.fake.callsTo('push').filter((c) => (c.body as { to: string }).to === user)).toHaveLength(1);
    expect(d.fake.deliveredTo(user)).toHaveLength(0);
  });
});

describe('LINE signature helper', () => {
  it('matches the documented algorithm (base64 HMAC-SHA256 of the raw body)', async () => {
    const { createHmac } = await import('node:crypto');
    const body = webhookBody([]);
    const { signature } = await signBody(body);
    expect(signature).toBe(createHmac('sha256', LINE_SECRET).update(body).digest('base64'));
  });
});
