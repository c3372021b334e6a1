// A fake Graph API on loopback for the WhatsApp Cloud API channel: it records POST /{version}/{phone-number-id}/messages
// with their bearer token and JSON body, answers like Graph ({ messages: [{ id: 'wamid...' }] }), and can be told to
// answer the next calls with 429 or 500 (with a Graph error body). Faults for the pipeline suite: `outage()` answers
// every call with a status until lifted (429 with Retry-After when asked), `hang(to)` holds one recipient's calls
// unanswered until `release()`, `dropNext()` accepts a message and then cuts the connection (the answer is lost).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  readonly phoneNumberId: string;
  readonly authorization: string | undefined;
  readonly body: GraphBody;
  readonly wamid: string | null;
  readonly status: number;
  /** When the fake answered (Date.now()). */
  readonly at: number;
}

/** What we send: messaging_product, to, type and the type's object. */
export interface GraphBody {
  readonly messaging_product?: string;
  readonly recipient_type?: string;
  readonly to?: string;
  readonly type?: string;
  readonly text?: { body: string; preview_url?: boolean };
  readonly image?: { link: string; caption?: string };
  readonly interactive?: {
    type: 'button' | 'list';
    body: { text: string };
    action: {
      buttons?: { type: 'reply'; reply: { id: string; title: string } }[];
      button?: string;
      sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
    };
  };
  readonly [k: string]: unknown;
}

export interface FakeGraph {
  /** Base URL to use as WHATSAPP_GRAPH_BASE_URL, e.g. http://127.0.0.1:1234/v21.0 */
  readonly url: string;
  readonly calls: GraphCall[];
  /** Calls that were answered 200, to one recipient. */
  sentTo(to: string): GraphCall[];
  /** The next `times` calls are answered with `status` (429 rate limit, 500, or 400 with a Graph error code). */
  failNext(status: 429 | 500 | 400, times?: number, code?: number): void;
  /** The next `successes` calls succeed, then one is answered with `status`. */
  failAfter(successes: number, status: 429 | 500 | 400, code?: number): void;
  /** Graph down (or throttling): every call is answered `status` until `outage(null)`. */
  outage(status: 429 | 500 | 503 | null, options?: { retryAfter?: string }): void;
  /** Hold calls to `to` ('*': every recipient) unanswered until `release`. */
  hang(to: string): void;
  release(to?: string): void;
  hanging(to?: string): number;
  /** The next `times` calls are accepted (a wamid is issued and recorded as sent), then the connection is cut. */
  dropNext(times?: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const defaultCode = (status: number) => (status === 429 ? 130429 : status === 500 ? 1 : 100);

export async function startFakeGraph(version = 'v21.0'): Promise<FakeGraph> {
  const calls: GraphCall[] = [];
  const failures: ({ status: number; code: number } | null)[] = [];
  let seq = 0;
  let down: { status: number; retryAfter?: string } | null = null;
  const hung = new Set<string>();
  const held: { to: string; go: () => void }[] = [];
  let drops = 0;
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const m = new RegExp(`^/${version}/([^/]+)/messages$`).exec(req.url ?? '');
    if (req.method !== 'POST' || !m?.[1]) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Unknown path', code: 803 } }));
      return;
    }
    let body: GraphBody;
    try {
      body = JSON.parse(raw) as GraphBody;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Invalid JSON', code: 100 } }));
      return;
    }
    const to = String(body.to ?? '');
    if (hung.has(to) || hung.has('*')) await new Promise<void>((go) => held.push({ to, go }));
    const failure = failures.shift() ?? (down && { status: down.status, code: defaultCode(down.status) });
    if (failure) {
      calls.push({
        phoneNumberId: m[1],
        authorization: req.headers.authorization,
        body,
        wamid: null,
        status: failure.status,
        at: Date.now(),
      });
      res.writeHead(failure.status, {
        'content-type': 'application/json',
        ...(down?.retryAfter !== undefined && { 'retry-after': down.retryAfter }),
      });
      res.end(
        JSON.stringify({
          error: { message: `fake failure ${failure.status}`, type: 'OAuthException', code: failure.code },
        }),
      );
      return;
    }
    const wamid = `wamid.FAKE${(++seq).toString().padStart(8, '0')}`;
    calls.push({
      phoneNumberId: m[1],
      authorization: req.headers.authorization,
      body,
      wamid,
      status: 200,
      at: Date.now(),
    });
    if (drops > 0) {
      drops--;
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [{ id: wamid }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${version}`,
    calls,
    sentTo: (to) => calls.filter((c) => c.status === 200 && c.body.to === to),
    failNext(status, times = 1, code = defaultCode(status)) {
      for (let i = 0; i < times; i++) failures.push({ status, code });
    },
    failAfter(successes, status, code = defaultCode(status)) {
      for (let i = 0; i < successes; i++) failures.push(null);
      failures.push({ status, code });
    },
    outage(status, o = {}) {
      down = status === null ? null : { status, ...(o.retryAfter !== undefined && { retryAfter: o.retryAfter }) };
    },
    hang(to) {
      hung.add(to);
    },
    release(to = '*') {
      if (to === '*') hung.clear();
      else hung.delete(to);
      for (const h of held.splice(0)) {
        if (to === '*' || h.to === to) h.go();
        else held.push(h);
      }
    },
    hanging: (to) => held.filter((h) => to === undefined || h.to === to).length,
    dropNext(times = 1) {
      drops += times;
    },
    close: () =>
      new Promise<void>((resolve) => {
        hung.clear();
        for (const h of held.splice(0)) h.go();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
