// Broadcast tests and benches: the app's services on a real SQLite file, LINE through the real @line/bot-sdk
// client against the fake LINE API on loopback, WhatsApp recipients recorded at the outbox's sender port, and a
// fast bulk seeding of members straight into the tables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { createLineChannel } from '../../src/channels/line/channel.js';
import { renderLineText } from '../../src/channels/line/text-render.js';
import { openSqlite, type SqliteDatabase } from '../../src/db/sqlite.js';
import type { Channel } from '../../src/kernel/channel.js';
import { systemClock } from '../../src/kernel/clock.js';
import { composeServices, type Services } from '../../src/main/compose.js';
import { parseConfig } from '../../src/main/config.js';
import { type FakeLine, startFakeLine } from '../fakes/fake-line-server.js';
import { RecordingSender, silentLog } from './chat-harness.js';

export interface SeedMember {
  readonly channel?: Channel;
  readonly language?: 'zh-TW' | 'en';
  readonly reachable?: boolean;
  readonly optedOut?: boolean;
  readonly tags?: readonly string[];
  /** A second identity on another channel. */
  readonly also?: { readonly channel: Channel; readonly reachable?: boolean };
}

/** Members m0..m(n-1) with identities U<hex> (LINE) or wa<i>@c.us, in one transaction. Returns their user ids. */
export function seedMembers(raw: BetterSqlite3.Database, n: number, spec: (i: number) => SeedMember = () => ({})) {
  const now = Date.now();
  const member = raw.prepare(
    `INSERT INTO members (id, member_code, name, phone_e164, language, consent_version, consent_at, registered_at,
       registered_local_date) VALUES (?, ?, 'Member', ?, ?, '2026-01', ?, ?, '2026-11-01')`,
  );
  const identity = raw.prepare(
    `INSERT INTO identities (channel, user_id, member_id, language, reachable, first_seen_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const optOut = raw.prepare('INSERT INTO broadcast_opt_outs (member_id, at) VALUES (?, ?)');
  const tag = raw.prepare('INSERT INTO member_tags (member_id, tag, created_at) VALUES (?, ?, ?)');
  const userId = (channel: Channel, i: number) =>
    channel === 'line' ? `U${i.toString(16).padStart(32, '0')}` : `8869${String(i).padStart(8, '0')}@c.us`;
  const ids: string[] = [];
  raw.transaction(() => {
    for (let i = 0; i < n; i++) {
      const s = spec(i);
      const id = `m${i}`;
      const language = s.language ?? 'en';
      member.run(id, String(1_000_000_000 + i), `+8869${String(i).padStart(8, '0')}`, language, now, now);
      const channel = s.channel ?? 'line';
      identity.run(channel, userId(channel, i), id, language, s.reachable === false ? 0 : 1, now, now);
      if (s.also)
        identity.run(
          s.also.channel,
          userId(s.also.channel, i),
          id,
          language,
          s.also.reachable === false ? 0 : 1,
          now,
          now,
        );
      if (s.optedOut) optOut.run(id, now);
      for (const t of s.tags ?? []) tag.run(id, t, now);
      ids.push(userId(channel, i));
    }
  })();
  return ids;
}

export interface BroadcastRig {
  readonly services: Services;
  readonly db: SqliteDatabase;
  readonly fake: FakeLine;
  readonly whatsapp: RecordingSender;
  readonly dbPath: string;
  close(): Promise<void>;
}

export async function broadcastRig(
  o: { env?: Record<string, string>; fake?: FakeLine; dbPath?: string } = {},
): Promise<BroadcastRig> {
  const dir = o.dbPath ? undefined : mkdtempSync(join(tmpdir(), 'pointloop-bc-'));
  const dbPath = o.dbPath ?? join(dir ?? '', 'bc.db');
  const fake = o.fake ?? (await startFakeLine({ record: true }));
  const db = openSqlite({ path: dbPath });
  const config = parseConfig({
    PUBLIC_BASE_URL: 'https://pl.example',
    LINE_CHANNEL_SECRET: 'broadcast-test-secret',
    LINE_CHANNEL_ACCESS_TOKEN: fake.accessToken,
    LINE_API_BASE_URL: fake.url,
    BROADCAST_BACKOFF_MS: '5',
    BROADCAST_LINE_RPS: '1000',
    ...o.env,
  });
  const line = createLineChannel({
    channelSecret: 'broadcast-test-secret',
    channelAccessToken: fake.accessToken,
    apiBaseUrl: fake.url,
    log: silentLog,
    render: renderLineText,
  });
  const whatsapp = new RecordingSender();
  const services = composeServices({
    config,
    db,
    clock: systemClock,
    log: silentLog,
    qr: { memberQrUrl: async (code) => `https://pl.example/qr/${code}.png` },
    senders: { line: line.sender, wa_web: whatsapp, wa_cloud: whatsapp, simulator: whatsapp },
    profiles: {},
    lineMulticast: line.multicast,
  });
  return {
    services,
    db,
    fake,
    whatsapp,
    dbPath,
    async close() {
      db.close();
      if (!o.fake) await fake.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
