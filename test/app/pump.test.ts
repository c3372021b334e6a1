// The work loop under turn processing and delivery (src/inbox/pump.ts), with a source in memory: one key's items in
// order, other keys not held up by a slow one, at most `concurrency` keys at once, and, in the background, a wake
// when the next item is due even when an older "when is the next one due?" answer arrives late.
import { describe, expect, it } from 'vitest';
import { Pump, type PumpSource } from '../../src/inbox/pump.js';
import { waitUntil } from '../fakes/fake-line-server.js';
import { silentLog } from '../support/chat-harness.js';

interface Item {
  readonly key: string;
  readonly n: number;
}

function deferred<T>() {
  let resolve: (v: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

class Source implements PumpSource<Item> {
  pending: Item[] = [];
  readonly done: Item[] = [];
  scans = 0;
  running = 0;
  maxRunning = 0;
  readonly gates = new Map<string, Promise<void>>();
  dueAnswers: Promise<number | undefined>[] = [];
  async due() {
    this.scans++;
    return [...this.pending];
  }
  key = (i: Item) => i.key;
  async run(i: Item) {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await (this.gates.get(i.key) ?? Promise.resolve());
    this.pending = this.pending.filter((p) => p !== i);
    this.done.push(i);
    this.running--;
    return true;
  }
  nextDueAt() {
    return this.dueAnswers.shift() ?? Promise.resolve(undefined);
  }
}

const pumpOf = (source: Source, concurrency = 2) =>
  new Pump(source, { name: 'test', concurrency, log: silentLog, now: Date.now });

describe('the work pump', () => {
  it('keeps each key in order, runs keys at once up to the limit, and a slow key holds only itself', async () => {
    const s = new Source();
    const slow = deferred<void>();
    s.gates.set('a', slow.promise);
    s.pending = [
      { key: 'a', n: 1 },
      { key: 'b', n: 1 },
      { key: 'a', n: 2 },
      { key: 'c', n: 1 },
      { key: 'b', n: 2 },
      { key: 'd', n: 1 },
    ];
    const pump = pumpOf(s, 2);
    pump.wake();
    await waitUntil('b, c and d done while a is stuck', () => s.done.length === 4);
    expect(s.done.map((i) => `${i.key}${i.n}`)).toEqual(['b1', 'b2', 'c1', 'd1']);
    slow.resolve();
    await pump.settled();
    expect(s.done.filter((i) => i.key === 'a').map((i) => i.n)).toEqual([1, 2]);
    expect(s.maxRunning).toBe(2);
  });

  it('wakes when the next item is due, even if an older answer to "when?" comes back after a newer one', async () => {
    const s = new Source();
    const pump = pumpOf(s);
    const older = deferred<number | undefined>();
    const newer = deferred<number | undefined>();
    s.dueAnswers = [older.promise, newer.promise];
    pump.runInBackground(); // idle at once: asks "when?" (older)
    await waitUntil('the first scan', () => s.scans === 1);
    pump.wake(); // idle again: asks again (newer)
    await waitUntil('the second scan', () => s.scans === 2);
    s.pending = [{ key: 'x', n: 1 }];
    newer.resolve(Date.now() + 50);
    await new Promise((r) => setTimeout(r, 0));
    older.resolve(undefined); // stale: "nothing pending" must not replace the 50 ms timer with a minute
    await waitUntil('the due item done by the timer', () => s.done.length === 1, 5000);
    await pump.stop();
  });
});
