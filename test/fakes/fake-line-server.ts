// A fake LINE Messaging API on loopback (node:http), for the real @line/bot-sdk client. It implements what we call:
//   POST /v2/bot/message/reply   reply tokens it issued itself (replyToken()), single use; an unknown, used or
//                                expired token is answered 400 {"message":"Invalid reply token"} as LINE does
//   POST /v2/bot/message/push    deduplicated by X-Line-Retry-Key like LINE: a key already accepted is answered
//                                409 (with the accepted request id and sentMessages) and delivers nothing
//   GET  /v2/bot/profile/{id}    profiles set with setProfile(); others 404
//   POST /v2/bot/chat/loading/start
//   POST /v2/bot/message/multicast  <= 500 ids, deduplicated by X-Line-Retry-Key like push; every id it delivered
//                                to is counted in `received` (kept even when recording is off, for the benches)
// Broadcast chaos: `chaos()` answers a share of multicasts 429/500 at random (some of the 500s after delivering,
// as if the answer was lost), and `rateLimit()` answers 429 with Retry-After over a requests-per-second limit.
// Every call is recorded (path, authorization, retry key, parsed body, the status it got). Bodies of reply and push
// are validated against LINE's messaging-api.yml and LINE's limits: an invalid one is answered 400 with details, and
// kept in `invalid` so a test can insist there are none. Failures can be scripted per endpoint (429, 500, 400...),
// including "accepted, but the answer is lost" (the push is delivered, the client sees a 500).
// Faults for the pipeline suite: `outage()` answers every reply and push with a status (LINE down) until lifted;
// `hang(userId)` holds that user's reply and push calls unanswered until `release()` (then they go through as usual);
// `dropNext()` delivers the next calls and then cuts the connection (the answer is lost on the wire).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatErrors, lineErrorBody, lineRequestErrors, loadLineSchema } from '../support/line-schema.js';
import { type FakeRichMenus, fakeRichMenus } from './fake-line-richmenu.js';

export type LineEndpoint = 'reply' | 'push' | 'profile' | 'loading' | 'multicast';

export interface LineCall {
  readonly endpoint: LineEndpoint | 'unknown';
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly retryKey: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  /** The status the client was answered. */
  readonly status: number;
  readonly at: number;
}

/** A message that reached a user (through a reply or an accepted push). */
export interface Delivery {
  readonly via: 'reply' | 'push' | 'multicast';
  readonly userId: string;
  readonly messages: readonly LineMessage[];
  readonly retryKey: string | undefined;
  readonly requestId: string;
  /** The reply token a reply used. */
  readonly replyToken?: string;
}

/** What we send, loosely typed for assertions. */
export interface LineMessage {
  readonly type: string;
  readonly text?: string;
  readonly altText?: string;
  readonly contents?: unknown;
  readonly quickReply?: { items: { type: 'action'; action: { type: string; label?: string; [k: string]: unknown } }[] };
  readonly [k: string]: unknown;
}

export interface LineProfile {
  readonly displayName: string;
  readonly language?: string;
  readonly pictureUrl?: string;
  readonly statusMessage?: string;
}

interface Scripted {
  readonly status: number;
  readonly message: string;
  /** Deliver the messages, then answer `status` anyway (the answer "got lost"). */
  readonly acceptFirst: boolean;
  /** A Retry-After header to answer with. */
  readonly retryAfter?: string;
}

export interface FakeLine {
  /** Base URL for LINE_API_BASE_URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly accessToken: string;
  readonly calls: LineCall[];
  readonly deliveries: Delivery[];
  /** Request bodies that LINE would refuse, with the reasons. Should stay empty. */
  readonly invalid: { path: string; errors: string }[];
  /** Rich menus: created, images, default, links (fake-line-richmenu.ts). */
  readonly richMenus: FakeRichMenus;
  /** A reply token for a webhook event of `userId`; `expired` makes a token LINE no longer accepts. */
  replyToken(userId: string, options?: { expired?: boolean }): string;
  setProfile(userId: string, profile: LineProfile | null): void;
  /** The next `times` calls to `endpoint` are answered `status` (400 with a reply token message by default). */
  failNext(
    endpoint: LineEndpoint,
    status: number,
    options?: { times?: number; message?: string; retryAfter?: string },
  ): void;
  /** The next push is delivered, but the client is answered `status` (as if the response was lost). */
  acceptThenFail(endpoint: 'push', status: number): void;
  /** Answer reply and push calls only after `ms` (a slow LINE: replies pile up in the outbox; no turn waits for them). */
  setDelay(ms: number): void;
  /** LINE down: every reply and push is answered `status` (nothing delivered) until `outage(null)`. */
  outage(status: number | null, options?: { retryAfter?: string }): void;
  /**
   * Hold calls for `userId` (every user: '*') unanswered until `release`; nothing is delivered yet. Reply and push by
   * default; `endpoints` may name the profile too (a turn that waits for LINE).
   */
  hang(userId: string, options?: { endpoints?: readonly LineEndpoint[] }): void;
  /** Lets the held calls of `userId` ('*': all) go through as usual, and stops holding new ones. */
  release(userId?: string): void;
  /** Calls held right now (for one user, or all). */
  hanging(userId?: string): number;
  /** The next `times` calls to `endpoint` are delivered, then the connection is cut before any answer. */
  dropNext(endpoint: 'reply' | 'push', times?: number): void;
  callsTo(endpoint: LineEndpoint): LineCall[];
  /** How many multicast messages each user id received (accepted calls only; a 409 delivers nothing). */
  readonly received: Map<string, number>;
  /** Multicast calls accepted (200, or delivered before a lost answer). */
  readonly acceptedMulticasts: () => number;
  /** For the next `calls` multicasts, answer 429 or 500 with probability `rate`; a third of the 500s deliver first. */
  chaos(o: { rate: number; calls: number; seed?: number }): void;
  /** Called after a multicast is delivered and before it is answered (a test can kill the caller there). */
  onMulticastAccepted(hook: ((acceptedSoFar: number) => void | Promise<void>) | undefined): void;
  /** Answer multicasts over `perSecond` in any one-second window with 429 and Retry-After: 1 (0 turns it off). */
  rateLimit(perSecond: number): void;
  /** Deliveries to one user, in order. */
  deliveredTo(userId: string): Delivery[];
  /** The text of every message delivered to a user (text, or a Flex message's altText), in order. */
  textsTo(userId: string): string[];
  /** Polls until `check` returns a value other than undefined/false; fails with `what` after the deadline. */
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeLineOptions {
  readonly accessToken?: string;
  /** Validate reply/push bodies against messaging-api.yml (default true). */
  readonly validate?: boolean;
  /** Keep the calls and deliveries (default true; the bench turns it off to save memory). */
  readonly record?: boolean;
}

const richMenuPath = (path: string) =>
  path.startsWith('/v2/bot/richmenu') || /^\/v2\/bot\/user\/[^/]+\/richmenu/.test(path);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-line-request-id': randomUUID(),
    'content-length': Buffer.byteLength(json),
    ...headers,
  });
  res.end(json);
}

/** Polls `check` every 10 ms until it returns a value other than undefined/false; throws `what` after the deadline. */
export async function waitUntil<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function startFakeLine(options: FakeLineOptions = {}): Promise<FakeLine> {
  const accessToken = options.accessToken ?? 'test-channel-access-token';
  const validate = options.validate ?? true;
  const record = options.record ?? true;
  const schema = validate ? loadLineSchema() : undefined;
  const calls: LineCall[] = [];
  const deliveries: Delivery[] = [];
  const invalid: { path: string; errors: string }[] = [];
  const tokens = new Map<string, { userId: string; used: boolean; expired: boolean }>();
  const profiles = new Map<string, LineProfile>();
  const acceptedKeys = new Map<string, { requestId: string; sentMessages: { id: string }[] }>();
  const scripts: Record<LineEndpoint, Scripted[]> = { reply: [], push: [], profile: [], loading: [], multicast: [] };
  const received = new Map<string, number>();
  let accepted = 0;
  let chaos = { rate: 0, calls: 0, seed: 1 };
  let limit = 0;
  let acceptedHook: ((n: number) => void | Promise<void>) | undefined;
  const window: number[] = [];
  // A small deterministic PRNG (mulberry32) so a failing chaos run can be replayed with its seed.
  const random = () => {
    chaos.seed = (chaos.seed + 0x6d2b79f5) | 0;
    let t = chaos.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let messageSeq = 1_000_000;
  let delayMs = 0;
  let down: { status: number; retryAfter?: string } | null = null;
  const hung = new Map<string, readonly LineEndpoint[]>();
  const held: { userId: string; go: () => void }[] = [];
  const drops: Record<'reply' | 'push', number> = { reply: 0, push: 0 };
  const rich = fakeRichMenus(validate);
  // Whom a reply or push is for: the reply token's user, or `to`.
  const recipientOf = (endpoint: LineEndpoint, body: unknown, path: string): string | undefined => {
    const b = body as { replyToken?: unknown; to?: unknown } | null;
    if (endpoint === 'reply') return typeof b?.replyToken === 'string' ? tokens.get(b.replyToken)?.userId : undefined;
    if (endpoint === 'push') return typeof b?.to === 'string' ? b.to : undefined;
    if (endpoint === 'profile') return decodeURIComponent(path.slice('/v2/bot/profile/'.length));
    return undefined;
  };
  const holds = (endpoint: LineEndpoint, userId: string) =>
    [hung.get(userId), hung.get('*')].some((e) => e?.includes(endpoint));

  const sentMessages = (messages: readonly unknown[]) => messages.map(() => ({ id: String(++messageSeq) }));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const endpoint: LineEndpoint | 'unknown' =
      method === 'POST' && path === '/v2/bot/message/reply'
        ? 'reply'
        : method === 'POST' && path === '/v2/bot/message/push'
          ? 'push'
          : method === 'GET' && path.startsWith('/v2/bot/profile/')
            ? 'profile'
            : method === 'POST' && path === '/v2/bot/chat/loading/start'
              ? 'loading'
              : method === 'POST' && path === '/v2/bot/message/multicast'
                ? 'multicast'
                : 'unknown';
    const retryKey = req.headers['x-line-retry-key'] as string | undefined;
    let body: unknown = null;
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (record)
        calls.push({
          endpoint,
          method,
          path,
          authorization: req.headers.authorization,
          retryKey,
          headers: { ...req.headers },
          body,
          status,
          at: Date.now(),
        });
      send(res, status, payload, headers);
    };

    // The answer is lost: recorded with status 0, the connection closed without a response.
    const cut = (status: number) => {
      if (record)
        calls.push({
          endpoint,
          method,
          path,
          authorization: req.headers.authorization,
          retryKey,
          headers: { ...req.headers },
          body,
          status,
          at: Date.now(),
        });
      req.socket.destroy();
    };

    if (richMenuPath(path)) {
      if (req.headers.authorization !== `Bearer ${accessToken}`)
        return void answer(401, { message: 'Authentication failed' });
      if (rich.handle(method, path, bytes, req.headers['content-type'], answer)) return;
    }
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        answer(400, { message: 'The request body has 1 error(s)', details: [{ message: 'malformed JSON' }] });
        return;
      }
    }
    if (endpoint === 'unknown') {
      answer(404, { message: 'Not found' });
      return;
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      answer(401, {
        message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
      });
      return;
    }

    if ((endpoint === 'reply' || endpoint === 'push') && down) {
      answer(
        down.status,
        { message: 'Internal server error' },
        down.retryAfter ? { 'retry-after': down.retryAfter } : {},
      );
      return;
    }
    const recipient = recipientOf(endpoint, body, path);
    if (recipient !== undefined && holds(endpoint, recipient)) {
      await new Promise<void>((go) => held.push({ userId: recipient, go }));
    }
    const scripted = scripts[endpoint].shift();
    if (scripted && !scripted.acceptFirst) {
      answer(
        scripted.status,
        { message: scripted.message },
        scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {},
      );
      return;
    }

    if (endpoint === 'profile') {
      const userId = decodeURIComponent(path.slice('/v2/bot/profile/'.length));
      const p = profiles.get(userId);
      if (!p) answer(404, { message: 'Not found' });
      else answer(200, { userId, ...p });
      return;
    }
    if (endpoint === 'loading') {
      answer(202, {});
      return;
    }

    if (endpoint === 'multicast' && limit > 0) {
      const now = Date.now();
      while (window.length > 0 && (window[0] ?? 0) <= now - 1000) window.shift();
      if (window.length >= limit) {
        answer(429, { message: 'The API rate limit has been exceeded. Try again later.' }, { 'retry-after': '1' });
        return;
      }
      window.push(now);
    }
    const request = body as { replyToken?: unknown; to?: unknown; messages?: unknown };
    if (schema) {
      const errors = lineRequestErrors(schema, endpoint, body);
      if (errors.length > 0) {
        invalid.push({ path, errors: formatErrors(errors) });
        answer(400, lineErrorBody(errors));
        return;
      }
    }
    const messages = (Array.isArray(request?.messages) ? request.messages : []) as LineMessage[];
    const requestId = randomUUID();
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));

    if (endpoint === 'reply') {
      const token = typeof request.replyToken === 'string' ? tokens.get(request.replyToken) : undefined;
      if (!token || token.used || token.expired) {
        answer(400, { message: 'Invalid reply token' });
        return;
      }
      token.used = true;
      if (record)
        deliveries.push({
          via: 'reply',
          userId: token.userId,
          messages,
          retryKey: undefined,
          requestId,
          replyToken: String(request.replyToken),
        });
      if (drops.reply > 0) {
        drops.reply--;
        cut(0);
        return;
      }
      answer(200, { sentMessages: sentMessages(messages) }, { 'x-line-request-id': requestId });
      return;
    }

    // push and multicast
    if (retryKey !== undefined && !UUID.test(retryKey)) {
      answer(400, { message: "The value for the 'X-Line-Retry-Key' header is invalid" });
      return;
    }
    const seen = retryKey ? acceptedKeys.get(retryKey) : undefined;
    if (seen) {
      answer(
        409,
        { message: 'The retry key is already accepted', sentMessages: seen.sentMessages },
        { 'x-line-accepted-request-id': seen.requestId },
      );
      return;
    }
    let lost = false;
    if (endpoint === 'multicast' && chaos.calls > 0) {
      chaos.calls--;
      const roll = random();
      if (roll < chaos.rate / 3) {
        answer(429, { message: 'The API rate limit has been exceeded. Try again later.' });
        return;
      }
      if (roll < (chaos.rate * 2) / 3) {
        answer(500, { message: 'Internal server error' });
        return;
      }
      lost = roll < chaos.rate;
    }
    const sent = sentMessages(messages);
    if (retryKey) acceptedKeys.set(retryKey, { requestId, sentMessages: sent });
    if (endpoint === 'multicast') {
      accepted++;
      const to = Array.isArray(request.to) ? (request.to as string[]) : [];
      for (const id of to) {
        received.set(id, (received.get(id) ?? 0) + 1);
        if (record) deliveries.push({ via: 'multicast', userId: id, messages, retryKey, requestId });
      }
      if (acceptedHook) await acceptedHook(accepted);
      if (lost) answer(500, { message: 'Internal server error' });
      else answer(200, {}, { 'x-line-request-id': requestId });
      return;
    }
    if (record) deliveries.push({ via: 'push', userId: String(request.to), messages, retryKey, requestId });
    if (drops.push > 0) {
      drops.push--;
      cut(0);
      return;
    }
    if (scripted?.acceptFirst) answer(scripted.status, { message: scripted.message });
    else answer(200, { sentMessages: sent }, { 'x-line-request-id': requestId });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: String(error) });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeLine = {
    url: `http://127.0.0.1:${port}`,
    accessToken,
    calls,
    deliveries,
    invalid,
    richMenus: rich.state,
    replyToken(userId, o = {}) {
      const token = randomUUID().replaceAll('-', '');
      tokens.set(token, { userId, used: false, expired: o.expired ?? false });
      return token;
    },
    setProfile(userId, profile) {
      if (profile) profiles.set(userId, profile);
      else profiles.delete(userId);
    },
    failNext(endpoint, status, o = {}) {
      const message =
        o.message ??
        (status === 429
          ? 'The API rate limit has been exceeded. Try again later.'
          : status >= 500
            ? 'Internal server error'
            : status === 400 && endpoint === 'reply'
              ? 'Invalid reply token'
              : `fake failure ${status}`);
      for (let i = 0; i < (o.times ?? 1); i++)
        scripts[endpoint].push({
          status,
          message,
          acceptFirst: false,
          ...(o.retryAfter !== undefined && { retryAfter: o.retryAfter }),
        });
    },
    acceptThenFail(endpoint, status) {
      scripts[endpoint].push({ status, message: 'Internal server error', acceptFirst: true });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    outage(status, o = {}) {
      down = status === null ? null : { status, ...(o.retryAfter !== undefined && { retryAfter: o.retryAfter }) };
    },
    hang(userId, o = {}) {
      hung.set(userId, o.endpoints ?? ['reply', 'push']);
    },
    release(userId = '*') {
      if (userId === '*') hung.clear();
      else hung.delete(userId);
      for (const h of held.splice(0)) {
        if (userId === '*' || h.userId === userId) h.go();
        else held.push(h);
      }
    },
    hanging: (userId) => held.filter((h) => userId === undefined || h.userId === userId).length,
    dropNext(endpoint, times = 1) {
      drops[endpoint] += times;
    },
    callsTo: (endpoint) => calls.filter((c) => c.endpoint === endpoint),
    received,
    acceptedMulticasts: () => accepted,
    chaos(o) {
      chaos = { rate: o.rate, calls: o.calls, seed: o.seed ?? 1 };
    },
    onMulticastAccepted(hook) {
      acceptedHook = hook;
    },
    rateLimit(perSecond) {
      limit = perSecond;
      window.length = 0;
    },
    deliveredTo: (userId) => deliveries.filter((d) => d.userId === userId),
    textsTo: (userId) =>
      deliveries
        .filter((d) => d.userId === userId)
        .flatMap((d) => d.messages.map((m) => String(m.text ?? m.altText ?? `[${m.type}]`))),
    waitFor: (what, check, timeoutMs) => waitUntil(`fake LINE: ${what}`, check, timeoutMs),
    reset() {
      rich.state.reset();
      calls.length = 0;
      deliveries.length = 0;
      invalid.length = 0;
      received.clear();
      accepted = 0;
      chaos = { rate: 0, calls: 0, seed: 1 };
      limit = 0;
      for (const k of Object.keys(scripts) as LineEndpoint[]) scripts[k].length = 0;
      down = null;
      drops.reply = 0;
      drops.push = 0;
      fake.release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        hung.clear();
        for (const h of held.splice(0)) h.go();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}
