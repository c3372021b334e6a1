// Where the Node server listens (HOST): outside production it binds 127.0.0.1 unless HOST says otherwise, so the
// simulator (whose members are real members who can claim real rewards) is not open to the network by default; in
// production the default is 0.0.0.0, as a container expects. Checked by connecting: on loopback, and on this machine's
// own non-loopback address, which reaches a server bound to 0.0.0.0 but not one bound to 127.0.0.1. The simulator page
// carries a warning when the server listens beyond loopback or the caller is not on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, EXPOSED_WARNING } from '../../src/channels/simulator/routes.js';
import { createHttpApp } from '../../src/http/app.js';
import { isLoopbackAddress } from '../../src/http/loopback.js';
import { parseConfig } from '../../src/main/config.js';
import { type RunningServer, startNodeServer } from '../../src/main/node.js';
import { silentLog } from '../support/chat-harness.js';

/** This machine's first non-loopback IPv4 address (undefined on a machine with none). */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Resolves true when a TCP connection to host:port is accepted, false when it is refused. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      socket.destroy();
      if (e.code === 'ECONNREFUSED') resolve(false);
      else reject(e);
    });
  });
}

const portOf = (s: RunningServer) => Number(new URL(s.url).port);

describe('HOST: where the Node server listens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointloop-host-'));
  let n = 0;
  const start = (env: Record<string, string>) =>
    startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, `host-${++n}.db`),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      SIMULATOR: 'true',
      ...env,
    });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to 127.0.0.1 outside production and 0.0.0.0 in production; HOST overrides both', () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    expect(parseConfig({ NODE_ENV: 'development' }).host).toBe('127.0.0.1');
    expect(parseConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(parseConfig({ NODE_ENV: 'production', QR_SIGNING_SECRET: 'q'.repeat(16) }).host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseConfig({ NODE_ENV: 'production', QR_SIGNING_SECRET: 'q'.repeat(16), HOST: '127.0.0.1' }).host).toBe(
      '127.0.0.1',
    );
    expect(() => parseConfig({ HOST: 'bad host/' })).toThrow(/HOST/);
  });

  describe('by default (development)', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await start({ NODE_ENV: 'development' });
    });
    afterAll(() => server?.close());

    it('listens on 127.0.0.1 only', async () => {
      expect(server.config.host).toBe('127.0.0.1');
      expect(await connects('127.0.0.1', portOf(server))).toBe(true);
      expect((await fetch(`http://127.0.0.1:${portOf(server)}/health`)).status).toBe(200);
      if (external) expect(await connects(external, portOf(server))).toBe(false);
    });

    it('shows the simulator without the exposure warning', async () => {
      const page = await (await fetch(`${server.url}/simulator`)).text();
      expect(page).toContain('pointloop simulator');
      expect(page).not.toContain('<div id="exposed-warning"');
    });
  });

  describe('with HOST=0.0.0.0', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await start({ NODE_ENV: 'development', HOST: '0.0.0.0' });
    });
    afterAll(() => server?.close());

    it('listens on every interface', async () => {
      expect(server.config.host).toBe('0.0.0.0');
      expect(await connects('127.0.0.1', portOf(server))).toBe(true);
      if (external) {
        expect(await connects(external, portOf(server))).toBe(true);
        expect((await fetch(`http://${external}:${portOf(server)}/health`)).status).toBe(200);
      }
    });

    it('warns on the simulator page, even to a caller on loopback', async () => {
      const page = await (await fetch(`http://127.0.0.1:${portOf(server)}/simulator`)).text();
      expect(page).toContain('<div id="exposed-warning" role="alert">');
      expect(page).toContain('reachable from outside this machine');
      expect(page).toContain('HOST=127.0.0.1');
    });
  });

  it('warns a caller from beyond loopback even when the server listens on loopback (e.g. behind a forwarder)', async () => {
    let remote = '127.0.0.1';
    const simulator = createSimulator({ requireToken: false, listenHost: '127.0.0.1', remoteAddress: () => remote });
    const app = createHttpApp({
      log: silentLog,
      modules: [simulator.routes({} as Parameters<typeof simulator.routes>[0])],
    });
    expect(await (await app.request('/simulator')).text()).not.toContain(EXPOSED_WARNING);
    remote = '203.0.113.7';
    expect(await (await app.request('/simulator')).text()).toContain(EXPOSED_WARNING);
    remote = '::ffff:127.0.0.1';
    expect(await (await app.request('/simulator')).text()).not.toContain(EXPOSED_WARNING);
  });

  it('knows loopback from the rest', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.0.2.2', '10.0.0.1', 'fd00::2', 'example.com', '::ffff:10.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(false);
  });
});
