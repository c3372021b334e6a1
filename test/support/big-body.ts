// Clients that send a body far larger than the server accepts, generated on the fly (one reused 64 KB chunk, never
// the whole body in memory), and stop sending once the server has answered. Each loop is bounded by the body size;
// every wait is on an event (answer, drain, close), with the test's own timeout as the upper bound.
import http from 'node:http';
import net from 'node:net';

export const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

export interface BigBodyAnswer {
  readonly status: number;
  readonly body: string;
  /** Bytes written before the answer came (or all of them). */
  readonly sent: number;
}

/** POST (or `method`) `total` bytes with Transfer-Encoding: chunked (no Content-Length). */
export function postChunked(
  url: string,
  total: number,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<BigBodyAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    // A connection of its own: a pooled one may be closing under the rest of an earlier refused body.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method, headers, agent });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => {
        agent.destroy();
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
      res.on('error', reject);
    });
    // Once answered, the server may close the socket under the rest of the upload: expected, not a failure.
    req.on('error', (e) => {
      agent.destroy();
      if (!answered) reject(e);
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/**
 * A raw HTTP/1.1 request that declares `contentLength` and then sends `total` bytes, whatever it declared (so it can
 * lie). It stops sending once an answer comes, and resolves with the first answer's status and what came with it once
 * that answer is complete (or the server closed the connection).
 */
export function postRaw(
  url: string,
  o: { contentLength: number; total: number; method?: string; headers?: Record<string, string> },
): Promise<BigBodyAnswer> {
  const { contentLength, total, method = 'POST', headers = {} } = o;
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    let sent = 0;
    let answer = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      if (status === 0) reject(new Error(`no HTTP answer (sent ${sent}): ${answer.slice(0, 200)}`));
      // The first answer's body: after its head, as long as its Content-Length (else whatever came).
      const head = answer.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(answer.slice(0, head))?.[1];
      const body = answer.slice(head + 4, length === undefined ? undefined : head + 4 + Number(length));
      resolve({ status, body, sent });
    };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      answer += d;
      // The first answer is complete: its head and as many bytes as its Content-Length says.
      const head = answer.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(answer.slice(0, head))?.[1];
      if (head >= 0 && length !== undefined && answer.length >= head + 4 + Number(length)) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', () => finish());
    const head = [
      `${method} ${u.pathname} HTTP/1.1`,
      `Host: ${u.host}`,
      `Content-Length: ${contentLength}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    const pump = () => {
      while (answer === '' && sent < total && !socket.destroyed) {
        sent += CHUNK.length;
        if (!socket.write(CHUNK)) {
          socket.once('drain', pump);
          return;
        }
      }
      // Everything sent (or answered): let the server finish; it closes a connection it will not read on.
      socket.end();
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

/** Runs `work` while sampling this process's RSS every few milliseconds; returns its result and the peak growth. */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}
