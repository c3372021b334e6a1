// Shared by the benches: autocannon, the server as a child process, polling, and printing a table.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { LINE_SECRET, lineEvent, webhookBody } from '../test/fakes/line-webhook.js';

export const ROOT = resolve(import.meta.dirname, '..');

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
export type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * fetch, tried again (up to 5 times) when the connection fails before an answer: under heavy load a kept-alive
 * connection can be reset. Only for requests that may be repeated (a webhook body: its event id is stored once).
 */
export async function postAgainOnReset(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

export function progress(what: string): void {
  process.stderr.write(`[bench] ${what}\n`);
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  progress(`waiting for ${what}`);
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startChild(
  argv: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = ready.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`child exited with ${code}:\n${output}`)));
  });
  return { proc, url };
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(line(rows[0] ?? []));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

/**
 * An autocannon request builder: each request is one signed LINE text event from a random member, with a fresh
 * reply token from the fake LINE API and the text `next()` gives.
 */
export function signedLineTexts(o: {
  users: readonly string[];
  replyToken: (userId: string) => string;
  next: () => string;
}): (req: RawRequest) => RawRequest {
  return (req) => {
    const userId = o.users[Math.floor(Math.random() * o.users.length)] ?? '';
    const body = webhookBody([lineEvent.text({ userId, replyToken: o.replyToken(userId), text: o.next() })]);
    return {
      ...req,
      method: 'POST',
      path: '/webhooks/line',
      headers: { 'content-type': 'application/json', 'x-line-signature': lineSign(body) },
      body,
    };
  };
}

/** x-line-signature of a body with the test channel secret. */
export const lineSign = (body: string) => createHmac('sha256', LINE_SECRET).update(body).digest('base64');

/**
 * The baseline the benches compare pointloop with: bare Hono on @hono/node-server that reads a POSTed body and
 * answers 200 {} on /webhooks/line, nothing else. Resolves with its URL and a close function.
 */
export async function startBareHono(): Promise<{ url: string; close: () => Promise<void> }> {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  app.post('/webhooks/line', async (c) => {
    await c.req.arrayBuffer();
    return c.json({}, 200);
  });
  return new Promise((resolveUrl) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolveUrl({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
