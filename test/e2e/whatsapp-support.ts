// Drivers that run a member's side of a WhatsApp conversation against the real Node server: one over the
// whatsapp-web.js fake client, one over signed Cloud API webhooks (real HTTP) with a fake Graph API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { signatureHeader } from '../../src/channels/whatsapp-cloud/signature.js';
import { type RunningServer, startNodeServer } from '../../src/main/node.js';
import { type FakeGraph, type GraphCall, startFakeGraph } from '../fakes/fake-graph-server.js';
import { FakeWwebjsClient } from '../fakes/fake-wwebjs-client.js';

export const CLOUD = {
  accessToken: 'EAAG-test-access-token',
  appSecret: 'test-app-secret-0123456789',
  verifyToken: 'verify-token-0123',
  phoneNumberId: '109876543210',
};

export interface Temp {
  readonly dir: string;
  readonly dbPath: string;
  cleanup(): void;
}

export function tempDb(): Temp {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-wa-'));
  return { dir, dbPath: join(dir, 'test.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const baseEnv = (dbPath: string): Record<string, string> => ({
  PORT: '0',
  DATABASE_PATH: dbPath,
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  SCHEDULER: 'false',
  SIMULATOR: 'false',
  DEFAULT_LANGUAGE: 'en',
  ADMIN_TOKEN: 'admin-token-0123456789',
});

/** Reads the server's database (WAL: a second connection sees committed work). */
export class DbProbe {
  readonly raw: BetterSqlite3.Database;
  constructor(path: string) {
    this.raw = new BetterSqlite3(path, { readonly: true });
  }
  /** Waits until an inbound event is processed and nothing is left to send. */
  async settled(channel: string, eventId: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const ev = this.raw
        .prepare('SELECT done_at FROM inbox_events WHERE channel = ? AND event_id = ?')
        .get(channel, eventId) as { done_at: number | null } | undefined;
      const pending = this.raw.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as {
        n: number;
      };
      if (ev?.done_at != null && pending.n === 0) return;
      if (Date.now() > until)
        throw new Error(`event ${eventId} not settled (done=${ev?.done_at}, pending=${pending.n})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  memberState(): { memberId: string; balance: number; coupons: number } {
    const m = this.raw.prepare('SELECT id FROM members').all() as { id: string }[];
    if (m.length !== 1 || !m[0]) throw new Error(`expected one member, found ${m.length}`);
    const id = m[0].id;
    const bal = this.raw
      .prepare(
        "SELECT COALESCE(SUM(balance), 0) AS b FROM accounts WHERE kind = 'wallet' AND owner = ? AND point_type = 'bonus'",
      )
      .get(id) as { b: number };
    const coupons = this.raw.prepare('SELECT COUNT(*) AS n FROM coupons WHERE member_id = ?').get(id) as { n: number };
    return { memberId: id, balance: bal.b, coupons: coupons.n };
  }
  close(): void {
    this.raw.close();
  }
}

export interface WebDriver {
  readonly server: RunningServer;
  readonly client: FakeWwebjsClient;
  readonly probe: DbProbe;
  /** The member types `text`; returns what the bot sent back (texts and captions). */
  say(text: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startWebDriver(user: string, env: Record<string, string> = {}): Promise<WebDriver> {
  const temp = tempDb();
  const client = new FakeWwebjsClient({ pushnames: { [user]: 'Amy' } });
  const server = await startNodeServer(
    {
      ...baseEnv(temp.dbPath),
      WHATSAPP_WEB: 'on',
      WHATSAPP_WEB_MIN_INTERVAL_MS: '0',
      WHATSAPP_WEB_GLOBAL_PER_MINUTE: '100000',
      ...env,
    },
    { createWhatsAppWebClient: () => client },
  );
  const probe = new DbProbe(temp.dbPath);
  for (let i = 0; i < 100 && client.initializeCalls === 0; i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 5));
  return {
    server,
    client,
    probe,
    async say(text) {
      const before = client.sent.length;
      const msg = client.receive({ from: user, body: text });
      await probe.settled('wa_web', msg.id._serialized);
      return client.sent.slice(before).map((s) => s.text);
    },
    async stop() {
      probe.close();
      await server.close();
      temp.cleanup();
    },
  };
}

let wamidSeq = 0;

export type CloudInput =
  | string
  | { readonly reply: { readonly id: string; readonly title: string }; readonly kind: 'button_reply' | 'list_reply' }
  | { readonly type: string; readonly [k: string]: unknown };

type Tap = Extract<CloudInput, { kind: string }>;
const isTap = (i: Exclude<CloudInput, string>): i is Tap => i.kind === 'button_reply' || i.kind === 'list_reply';

export interface CloudDriver {
  readonly server: RunningServer;
  readonly graph: FakeGraph;
  readonly probe: DbProbe;
  /** Signed POST /webhooks/whatsapp with the raw body as given. */
  post(body: string, signature?: string): Promise<Response>;
  /** A webhook payload with these messages from `from`. */
  payload(from: string, messages: object[], extra?: { statuses?: object[] }): object;
  /** The member sends a text, taps a button/list row, or sends another message type; returns Graph calls. */
  say(input: CloudInput, from?: string): Promise<GraphCall[]>;
  stop(): Promise<void>;
}

export async function startCloudDriver(user: string, env: Record<string, string> = {}): Promise<CloudDriver> {
  const temp = tempDb();
  const graph = await startFakeGraph();
  const server = await startNodeServer({
    ...baseEnv(temp.dbPath),
    WHATSAPP_CLOUD_ACCESS_TOKEN: CLOUD.accessToken,
    WHATSAPP_CLOUD_APP_SECRET: CLOUD.appSecret,
    WHATSAPP_CLOUD_VERIFY_TOKEN: CLOUD.verifyToken,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: CLOUD.phoneNumberId,
    WHATSAPP_GRAPH_BASE_URL: graph.url,
    ...env,
  });
  const probe = new DbProbe(temp.dbPath);
  const post = async (body: string, signature?: string) =>
    fetch(`${server.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature ?? (await signatureHeader(CLOUD.appSecret, body)),
      },
      body,
    });
  const payload = (from: string, messages: object[], extra: { statuses?: object[] } = {}) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: CLOUD.phoneNumberId },
              contacts: messages.length ? [{ profile: { name: 'Amy' }, wa_id: from }] : undefined,
              messages: messages.length ? messages : undefined,
              ...extra,
            },
          },
        ],
      },
    ],
  });
  return {
    server,
    graph,
    probe,
    post,
    payload,
    async say(input, from = user) {
      const id = `wamid.IN${(++wamidSeq).toString().padStart(10, '0')}`;
      const base = { from, id, timestamp: String(Math.floor(Date.now() / 1000)) };
      const message =
        typeof input === 'string'
          ? { ...base, type: 'text', text: { body: input } }
          : isTap(input)
            ? { ...base, type: 'interactive', interactive: { type: input.kind, [input.kind]: input.reply } }
            : { ...base, ...input };
      const before = graph.calls.length;
      const res = await post(JSON.stringify(payload(from, [message])));
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
      await probe.settled('wa_cloud', id);
      return graph.calls.slice(before);
    },
    async stop() {
      probe.close();
      await server.close();
      await graph.close();
      temp.cleanup();
    },
  };
}

/** Every text a Graph call shows the member (text body, caption, interactive body and choices). */
export function shown(calls: readonly GraphCall[]): string {
  return calls
    .map((c) => {
      const b = c.body;
      if (b.text) return b.text.body;
      if (b.image) return `[image ${b.image.link}] ${b.image.caption ?? ''}`;
      if (b.interactive) {
        const i = b.interactive;
        const choices = [
          ...(i.action.buttons ?? []).map((x) => `[${x.reply.title}]`),
          ...(i.action.sections ?? []).flatMap((s) => s.rows.map((r) => `[${r.title}]`)),
        ];
        return `${i.body.text}\n${choices.join(' ')}`;
      }
      return JSON.stringify(b);
    })
    .join('\n---\n');
}

/** The interactive choice titled `title` in these calls, as a tap. */
export function tap(calls: readonly GraphCall[], title: string | RegExp): CloudInput {
  for (const c of [...calls].reverse()) {
    const i = c.body.interactive;
    if (!i) continue;
    const match = (t: string) => (typeof title === 'string' ? t === title : title.test(t));
    const button = i.action.buttons?.find((b) => match(b.reply.title));
    if (button) return { kind: 'button_reply', reply: button.reply };
    const row = i.action.sections?.flatMap((s) => s.rows).find((r) => match(r.title));
    if (row) return { kind: 'list_reply', reply: { id: row.id, title: row.title } };
  }
  throw new Error(`no choice ${title} in:\n${shown(calls)}`);
}
