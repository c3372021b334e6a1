// Request body limits, one helper for every route (Node and Workers alike: Web streams only).
//
// A body is read as a stream and the bytes are counted as they arrive; at one byte over the limit the read is
// abandoned (the reader cancelled) and the route answers 413 `payload_too_large`. A declared Content-Length over the
// limit is refused before anything is read; a Content-Length under the limit is NOT trusted to skip the count, so a
// body longer than it says (a runtime that passes such a stream on) is cut off all the same. Memory per request is
// bounded by the limit, never by what the client sends.
//
// Why not hono/body-limit (hono 4.13): it counts chunked bodies the same way, but trusts a numeric Content-Length
// without counting (in-process, a stream behind `content-length: 100` was read to its 16 MB end) and leaves the
// reader open. On @hono/node-server the unread rest of a body refused on its Content-Length is drained and discarded
// after the answer (at most 64 MB or 500 ms), so the connection lives on; the rest of a chunked body refused after
// reading is not, and the connection is closed about 500 ms after the answer. On Workers the rest is dropped.
import type { Context, MiddlewareHandler } from 'hono';
import { err, ok, type Result } from '../kernel/result.js';

/** Webhooks (LINE, WhatsApp Cloud) and the simulator's API: platforms send far smaller bodies. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** Admin and store JSON. */
export const JSON_BODY_LIMIT = 64 * 1024;

/** The limit of a route, by path: the webhooks and the simulator take 1 MB, everything else 64 KB. */
export function bodyLimitFor(path: string): number {
  return path.startsWith('/webhooks/') || path.startsWith('/simulator/') ? WEBHOOK_BODY_LIMIT : JSON_BODY_LIMIT;
}

export type BodyRefusal = 'payload_too_large' | 'body_unreadable';

/**
 * The body's bytes; `payload_too_large` when it is longer than `max` bytes (declared or actually sent), having read
 * at most `max` + one chunk before cancelling the stream; `body_unreadable` when the stream failed (the client went
 * away mid-body).
 */
export async function readBody(request: Request, max: number): Promise<Result<Uint8Array<ArrayBuffer>, BodyRefusal>> {
  if (declaredOver(request.headers.get('content-length'), max)) return err('payload_too_large');
  if (!request.body) return ok(new Uint8Array(0));
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return err('payload_too_large');
      }
      parts.push(value);
    }
  } catch {
    return err('body_unreadable');
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return ok(out);
}

/** A Content-Length that says more than `max` (one that is not a number is not trusted either way: bytes are counted). */
function declaredOver(declared: string | null, max: number): boolean {
  return declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > max;
}

/** The answer to a body refused by readBody: 413 `payload_too_large` (with the limit) or 400 `body_unreadable`. */
export function bodyRefused(c: Context, refusal: BodyRefusal, max: number): Response {
  return refusal === 'payload_too_large'
    ? c.json({ error: refusal, message: `the body may be at most ${max} bytes`, limit: max }, 413)
    : c.json({ error: refusal, message: 'the body could not be read' }, 400);
}

/**
 * Every request with a body is read here first, within its route's limit (`limitFor`, by path), and handed on as a
 * request over the bytes read, so the routes' own readers (c.req.json(), the zod validators, arrayBuffer()) see a
 * bounded body. A request without a body (GET, HEAD) passes untouched.
 */
export function bodyLimit(limitFor: (path: string) => number = bodyLimitFor): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const max = limitFor(c.req.path);
    // Before the body is touched: on @hono/node-server, touching it hands the socket's data to a web stream, and the
    // rest of a refused body can then no longer be drained (the connection is closed ~500 ms later instead).
    if (declaredOver(c.req.header('content-length') ?? null, max)) return bodyRefused(c, 'payload_too_large', max);
    if (!c.req.raw.body) return next();
    const body = await readBody(c.req.raw, max);
    if (!body.ok) return bodyRefused(c, body.error, max);
    c.req.raw = new Request(c.req.raw, { body: body.value });
    return next();
  };
}
