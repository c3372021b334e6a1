// kill -9 the broadcast sender (the CLI, `broadcast send`) right after LINE accepted a multicast and before the
// sender could record it, restart it on the same SQLite file, and check that every member got the broadcast
// exactly once: the batch's stored X-Line-Retry-Key makes LINE answer 409 to the resent call.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { type FakeLine, startFakeLine } from '../fakes/fake-line-server.js';
import { broadcastRig, seedMembers } from '../support/broadcast-rig.js';

const MEMBERS = 5000;

function sender(dbPath: string, fake: FakeLine, id: string) {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'broadcast', 'send', id], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'silent',
      LINE_CHANNEL_SECRET: 'broadcast-test-secret',
      LINE_CHANNEL_ACCESS_TOKEN: fake.accessToken,
      LINE_API_BASE_URL: fake.url,
      BROADCAST_CONCURRENCY: '2',
      BROADCAST_BACKOFF_MS: '5',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => {
    output += String(d);
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exited, output: () => output };
}

let fake: FakeLine | undefined;
let children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children = [];
  await fake?.close();
  fake = undefined;
});

describe('broadcast crash: kill -9 the sender half-way, restart', () => {
  it('still reaches every member exactly once', { timeout: 60_000 }, async () => {
    fake = await startFakeLine();
    const rig = await broadcastRig({ fake });
    seedMembers(rig.db.raw, MEMBERS);
    await rig.services.broadcasts.defineSegment('all', 'Everyone', { reachableOnly: false });
    const created = await rig.services.broadcasts.create(
      { name: 'crash', segment: 'all', content: { default: { type: 'text', text: 'Flash giveaway at noon!' } } },
      'test',
    );
    if (!created.ok) throw new Error(created.error.code);
    const id = created.value.id;
    const dbPath = rig.dbPath;
    rig.db.close();

    // The first run dies the moment LINE has accepted its 4th multicast, before the answer reaches it.
    const first = sender(dbPath, fake, id);
    children.push(first.proc);
    let killedAt = 0;
    fake.onMulticastAccepted(async (n) => {
      if (n !== 4) return;
      killedAt = n;
      first.proc.kill('SIGKILL');
      await first.exited;
    });
    await first.exited;
    expect(first.proc.signalCode).toBe('SIGKILL');
    expect(killedAt).toBe(4);
    fake.onMulticastAccepted(undefined);
    expect(fake.received.size).toBeGreaterThanOrEqual(4 * 500);
    expect(fake.received.size).toBeLessThan(MEMBERS);

    const second = sender(dbPath, fake, id);
    children.push(second.proc);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain(`Broadcast ${id} done`);

    // One accepted multicast per batch, and the batch cut off by the kill was re-sent under its key: 409.
    expect(fake.acceptedMulticasts()).toBe(MEMBERS / 500);
    expect(fake.callsTo('multicast').some((c) => c.status === 409)).toBe(true);
    expect(fake.received.size).toBe(MEMBERS);
    const counts = [...fake.received.values()];
    expect(counts.every((n) => n === 1)).toBe(true);

    const db = openSqlite({ path: dbPath });
    try {
      const rows = db.raw
        .prepare('SELECT status, COUNT(*) AS n FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY status')
        .all(id);
      expect(rows).toEqual([{ status: 'sent', n: MEMBERS }]);
    } finally {
      db.close();
      await rig.close();
    }
  });
});
