// Two delivery passes at once (a drain and a scheduled job's deliverPending) must not send one outbox row twice:
// on LINE the second send would find the reply token used and push the same answer again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineChannel } from '../../src/channels/line/channel.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { sqlInboxStore } from '../../src/inbox/db/inbox-sql.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { composeServices } from '../../src/main/compose.js';
import { parseConfig } from '../../src/main/config.js';
import { seedDemoProgram } from '../../src/main/demo-seed.js';
import { type FakeLine, startFakeLine } from '../fakes/fake-line-server.js';
import { LINE_ACCESS_TOKEN, LINE_SECRET, lineUserId } from '../fakes/line-webhook.js';

const silent = { info() {}, warn() {}, error() {} };
let fake: FakeLine;

beforeAll(async () => {
  fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN });
});
afterAll(async () => {
  await fake.close();
});

function lineServices() {
  const db = openSqlite({ path: ':memory:' });
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 1, 0, 0));
  const line = createLineChannel({
    channelSecret: LINE_SECRET,
    channelAccessToken: LINE_ACCESS_TOKEN,
    apiBaseUrl: fake.url,
    log: silent,
  });
  const services = composeServices({
    config: parseConfig({ PUBLIC_BASE_URL: 'https://pl.example', DEFAULT_LANGUAGE: 'en' }),
    db,
    clock,
    log: silent,
    qr: { memberQrUrl: async (code) => `https://pl.example/qr/${code}.png` },
    senders: { line: line.sender },
    profiles: { line: line.profiles },
  });
  return { db, clock, services };
}

describe('LINE delivery passes', () => {
  it('concurrent deliverPending calls send each row once, one member in order', async () => {
    const { db, clock, services } = lineServices();
    await seedDemoProgram(services, clock.now());

    const user = lineUserId();
    const texts = ['hi', 'help', 'points'];
    await services.inbox.accept(
      texts.map((text, i) => ({
        channel: 'line' as const,
        userId: user,
        eventId: `evt-${i}`,
        occurredAt: clock.now(),
        replyToken: fake.replyToken(user),
        type: 'text' as const,
        text,
      })),
    );
    // Process the turns without delivering, so both passes below find the same pending rows.
    for (const item of await sqlInboxStore(db).pending(10)) await services.chat.handle(item);
    await Promise.all([services.inbox.deliverPending(), services.inbox.deliverPending(), services.inbox.drain()]);

    const deliveries = fake.deliveredTo(user);
    expect(deliveries.map((d) => d.via)).toEqual(['reply', 'reply', 'reply']);
    // Replies to one member go out in the order of the events they answer.
    const tokens = fake
      .callsTo('reply')
      .filter((c) => c.status === 200)
      .map((c) => (c.body as { replyToken: string }).replyToken);
    const outbox = await db.all<{ reply_token: string; status: string }>(
      'SELECT reply_token, status FROM outbox ORDER BY id',
    );
    expect(outbox.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(tokens).toEqual(outbox.map((r) => r.reply_token));
    expect(fake.callsTo('push')).toHaveLength(0);
    db.close();
  });

  it('one pass delivers a burst of more than one page (100) of replies', async () => {
    const { db, clock, services } = lineServices();
    await seedDemoProgram(services, clock.now());
    const users = Array.from({ length: 150 }, () => lineUserId());
    await services.inbox.accept(
      users.map((userId, i) => ({
        channel: 'line' as const,
        userId,
        eventId: `burst-${i}`,
        occurredAt: clock.now(),
        replyToken: fake.replyToken(userId),
        type: 'text' as const,
        text: 'help',
      })),
    );
    for (const item of await sqlInboxStore(db).pending(500)) await services.chat.handle(item);
    await services.inbox.deliverPending();
    expect(await db.first<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'sent'")).toEqual({ n: 150 });
    expect(users.every((u) => fake.deliveredTo(u).length === 1)).toBe(true);
    db.close();
  });
});
