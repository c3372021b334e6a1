// Drives the real Node server (startNodeServer) as LINE would: signed webhook bodies over HTTP in, the real
// @line/bot-sdk client out to the fake LINE API on loopback. Waits by polling (the database and the fake's
// recorded calls) with a deadline, never by sleeping.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type RunningServer, startNodeServer } from '../../src/main/node.js';
import { type Delivery, type FakeLine, type LineMessage, startFakeLine, waitUntil } from './fake-line-server.js';
import {
  LINE_ACCESS_TOKEN,
  LINE_SECRET,
  lineEvent,
  lineUserId,
  postWebhook,
  type WebhookEvent,
  webhookBody,
} from './line-webhook.js';

export function lineEnv(dbPath: string, apiBaseUrl: string): Record<string, string> {
  return {
    PORT: '0',
    DATABASE_PATH: dbPath,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    SCHEDULER: 'false',
    SIMULATOR: 'false',
    DEFAULT_LANGUAGE: 'en',
    PUBLIC_BASE_URL: 'https://pointloop.example',
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: LINE_ACCESS_TOKEN,
    LINE_API_BASE_URL: apiBaseUrl,
    LINE_DATA_API_BASE_URL: apiBaseUrl,
  };
}

export type Input =
  | string
  | { readonly postback: string }
  | 'follow'
  | 'unfollow'
  | { readonly sticker: true }
  | { readonly event: WebhookEvent };

export interface Turn {
  readonly event: WebhookEvent;
  readonly deliveries: Delivery[];
  readonly messages: LineMessage[];
  /** Texts (or Flex altTexts) of the messages, joined with "\n---\n". */
  readonly text: string;
}

export interface LineDriver {
  readonly server: RunningServer;
  readonly fake: FakeLine;
  readonly dbPath: string;
  readonly db: BetterSqlite3.Database;
  /** Signs and POSTs these events. */
  post(events: readonly WebhookEvent[]): Promise<Response>;
  /** The event for `input` from `userId`, with a fresh reply token from the fake. */
  event(userId: string, input: Input): WebhookEvent;
  /** One member action: POST it (expects 200), wait until it is processed and its replies are out. */
  say(userId: string, input: Input): Promise<Turn>;
  /** Waits until these LINE events are processed and no reply is waiting to be sent. */
  settled(eventIds: readonly string[], timeoutMs?: number): Promise<void>;
  count(sql: string, ...params: unknown[]): number;
  newUser(profile?: { displayName: string; language?: string }): string;
  stop(): Promise<void>;
}

export async function startLineDriver(env: Record<string, string> = {}): Promise<LineDriver> {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-line-'));
  const dbPath = join(dir, 'line.db');
  const fake = await startFakeLine({ accessToken: LINE_ACCESS_TOKEN });
  const server = await startNodeServer({ ...lineEnv(dbPath, fake.url), ...env });
  const db = new BetterSqlite3(dbPath, { readonly: true });

  const driver: LineDriver = {
    server,
    fake,
    dbPath,
    db,
    post: (events) => postWebhook(server.url, webhookBody(events)),
    event(userId, input) {
      const replyToken = fake.replyToken(userId);
      if (typeof input === 'object' && 'event' in input) return input.event;
      if (input === 'follow') return lineEvent.follow({ userId, replyToken });
      if (input === 'unfollow') return lineEvent.unfollow({ userId });
      if (typeof input === 'string') return lineEvent.text({ userId, replyToken, text: input });
      if ('sticker' in input) return lineEvent.sticker({ userId, replyToken });
      return lineEvent.postback({ userId, replyToken, data: input.postback });
    },
    async say(userId, input) {
      const event = driver.event(userId, input);
      const before = fake.deliveries.length;
      const res = await driver.post([event]);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
      await driver.settled([event.webhookEventId]);
      const deliveries = fake.deliveries.slice(before).filter((d) => d.userId === userId);
      const messages = deliveries.flatMap((d) => [...d.messages]);
      const text = messages.map((m) => String(m.text ?? m.altText ?? `[${m.type}]`)).join('\n---\n');
      return { event, deliveries, messages, text };
    },
    async settled(eventIds, timeoutMs = 10_000) {
      const done = db.prepare("SELECT done_at FROM inbox_events WHERE channel = 'line' AND event_id = ?");
      const pending = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'");
      await waitUntil(
        `LINE events ${eventIds.join(', ')} processed and replies sent`,
        () =>
          eventIds.every((id) => (done.get(id) as { done_at: number | null } | undefined)?.done_at != null) &&
          (pending.get() as { n: number }).n === 0,
        timeoutMs,
      );
    },
    count: (sql, ...params) => (db.prepare(sql).get(...params) as { n: number }).n,
    newUser(profile = { displayName: 'Amy', language: 'en' }) {
      const userId = lineUserId();
      fake.setProfile(userId, profile);
      return userId;
    },
    async stop() {
      db.close();
      await server.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return driver;
}
