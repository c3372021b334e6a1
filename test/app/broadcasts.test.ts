import { messagingApi } from '@line/bot-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlBroadcastStore } from '../../src/broadcasts/db/broadcast-sql.js';
import type { BroadcastContent } from '../../src/broadcasts/domain/content.js';
import { createLineMulticast } from '../../src/channels/line/multicast.js';
import { renderLineText } from '../../src/channels/line/text-render.js';
import { type BroadcastRig, broadcastRig, seedMembers } from '../support/broadcast-rig.js';
import { silentLog } from '../support/chat-harness.js';

const hello: BroadcastContent = { default: { type: 'text', text: 'Double points this Tuesday!' } };

let rig: BroadcastRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function send(r: BroadcastRig, filter: object = {}, content = hello) {
  const b = r.services.broadcasts;
  await b.defineSegment('all', 'Everyone', { reachableOnly: false, ...filter });
  const created = await b.create({ name: 'Tuesday', segment: 'all', content }, 'test');
  if (!created.ok) throw new Error(created.error.code);
  const progress = await b.run(created.value.id);
  return { id: created.value.id, progress };
}

describe('broadcast on LINE', () => {
  it('reaches 5,000 members in exactly ceil(5000/500) multicasts, each once, through random 429s and 500s', async () => {
    rig = await broadcastRig();
    const users = seedMembers(rig.db.raw, 5000);
    // The first 40 multicast calls fail at random (429, 500, and 500 after delivering: the answer lost).
    rig.fake.chaos({ rate: 0.5, calls: 40, seed: 7 });

    const { id, progress } = await send(rig);

    const calls = rig.fake.callsTo('multicast');
    expect(calls.some((c) => c.status === 429)).toBe(true);
    expect(calls.some((c) => c.status === 500)).toBe(true);
    expect(calls.some((c) => c.status === 409)).toBe(true);
    // Every call carried <= 500 ids and a retry key; retries repeated their batch's key.
    for (const c of calls) expect((c.body as { to: string[] }).to.length).toBeLessThanOrEqual(500);
    expect(new Set(calls.map((c) => c.retryKey)).size).toBe(10);
    expect(rig.fake.acceptedMulticasts()).toBe(Math.ceil(5000 / 500));
    expect(rig.fake.received.size).toBe(5000);
    expect([...rig.fake.received.values()].every((n) => n === 1)).toBe(true);
    expect(users.every((u) => rig?.fake.received.get(u) === 1)).toBe(true);
    expect(rig.fake.invalid).toEqual([]);

    expect(progress).toMatchObject({ total: 5000, sent: 5000, queued: 0, failed: 0 });
    expect(progress.batches).toEqual({ pending: 0, sent: 10, failed: 0 });
    expect((await rig.services.broadcasts.get(id))?.status).toBe('done');
  });

  it("reads LINE's Retry-After on a 429 and tells a refusal from a maybe (the real SDK against the fake)", async () => {
    rig = await broadcastRig();
    rig.fake.failNext('multicast', 429, { retryAfter: '3' });
    const line = createLineMulticast({
      api: new messagingApi.MessagingApiClient({ channelAccessToken: rig.fake.accessToken, baseURL: rig.fake.url }),
      render: renderLineText,
      log: silentLog,
    });
    const replies = [{ kind: 'text' as const, text: 'hi', language: 'en' as const }];
    const key = crypto.randomUUID();
    expect(await line.multicast(['U1'], replies, key)).toMatchObject({
      status: 'retry',
      retryAfterMs: 3000,
      error: expect.stringContaining('429'),
      notTaken: true, // a refusal: a cancel may drop this batch
    });
    rig.fake.failNext('multicast', 500);
    const fiveHundred = await line.multicast(['U1'], replies, key);
    expect(fiveHundred).toMatchObject({ status: 'retry', error: expect.stringContaining('500') });
    expect(fiveHundred).not.toHaveProperty('notTaken'); // may have been delivered: the batch stays in doubt
    expect(await line.multicast(['U1'], replies, key)).toEqual({ status: 'sent' });
    // The same key again: LINE answers 409 (already accepted), which counts as sent.
    expect(await line.multicast(['U1'], replies, key)).toEqual({ status: 'sent' });
    expect(rig.fake.callsTo('multicast').map((c) => c.status)).toEqual([429, 500, 200, 409]);
    expect(rig.fake.received.get('U1')).toBe(1);
  });

  it('skips and reports opted-out, unreachable and frequency-capped members', async () => {
    rig = await broadcastRig({ env: { BROADCAST_FREQUENCY_CAP: '1' } });
    seedMembers(rig.db.raw, 40, (i) => ({
      optedOut: i < 5,
      reachable: !(i >= 5 && i < 12),
    }));
    const first = await send(rig);
    expect(first.progress).toMatchObject({ total: 40, sent: 28, skipped: { opted_out: 5, unreachable: 7 } });

    // A second broadcast within 7 days: with a cap of 1, everyone who got the first is capped.
    const second = await rig.services.broadcasts.create({ name: 'again', segment: 'all', content: hello }, 'test');
    if (!second.ok) throw new Error(second.error.code);
    const p = await rig.services.broadcasts.run(second.value.id);
    expect(p).toMatchObject({ sent: 0, skipped: { opted_out: 5, unreachable: 7, frequency_cap: 28 } });
    expect([...rig.fake.received.values()].every((n) => n === 1)).toBe(true);
    expect(rig.fake.received.size).toBe(28);
  });

  it('previews a segment: channel, language, tags, balance and reachability filters', async () => {
    rig = await broadcastRig();
    seedMembers(rig.db.raw, 30, (i) => ({
      channel: i % 3 === 0 ? 'wa_web' : 'line',
      language: i % 2 === 0 ? 'zh-TW' : 'en',
      tags: i < 10 ? ['vip'] : [],
      reachable: i !== 1,
      optedOut: i === 3,
    }));
    const b = rig.services.broadcasts;
    expect(await b.preview({ reachableOnly: false })).toEqual({
      members: 30,
      sendable: 28,
      skipped: { opted_out: 1, frequency_cap: 0, unreachable: 1 },
    });
    expect((await b.preview({ reachableOnly: true })).members).toBe(29);
    expect((await b.preview({ channels: ['wa_web'], reachableOnly: false })).members).toBe(10);
    expect((await b.preview({ languages: ['zh-TW'], reachableOnly: false })).members).toBe(15);
    expect((await b.preview({ tags: ['vip'], languages: ['en'], reachableOnly: false })).members).toBe(5);
    expect((await b.preview({ balances: [{ pointType: 'bonus', min: 1 }], reachableOnly: false })).members).toBe(0);
    expect((await b.preview({ balances: [{ pointType: 'bonus', max: 0 }], reachableOnly: false })).members).toBe(30);
    expect((await b.preview({ inactiveForDays: 1, reachableOnly: false })).members).toBe(0);
    expect((await b.preview({ activeWithinDays: 1, reachableOnly: false })).members).toBe(30);
  });

  it("sends each member their language's message, in separate multicasts per language", async () => {
    rig = await broadcastRig();
    const users = seedMembers(rig.db.raw, 700, (i) => ({ language: i < 600 ? 'zh-TW' : 'en' }));
    const content: BroadcastContent = {
      default: { type: 'text', text: 'Double points this Tuesday!' },
      byLanguage: { 'zh-TW': { type: 'text', text: '週二點數雙倍！' } },
    };
    const { progress } = await send(rig, {}, content);
    expect(progress).toMatchObject({ sent: 700, batches: { sent: 3 } });
    const texts = rig.fake.callsTo('multicast').map((c) => {
      const body = c.body as { to: string[]; messages: { text: string }[] };
      return `${body.messages[0]?.text} x${body.to.length}`;
    });
    expect(texts.sort()).toEqual(['Double points this Tuesday! x100', '週二點數雙倍！ x100', '週二點數雙倍！ x500']);
    expect(rig.fake.textsTo(users[0] ?? '')).toEqual(['週二點數雙倍！']);
    expect(rig.fake.textsTo(users[699] ?? '')).toEqual(['Double points this Tuesday!']);
  });

  it('sends WhatsApp members one message each through the outbox, LINE first for members on both', async () => {
    rig = await broadcastRig();
    seedMembers(rig.db.raw, 12, (i) => ({
      channel: i < 4 ? 'wa_web' : 'line',
      ...(i >= 8 && { also: { channel: 'wa_web' as const } }),
    }));
    const content: BroadcastContent = { ...hello, whatsappText: 'Double points on Tuesday (WhatsApp)' };
    const { progress } = await send(rig, {}, content);
    expect(progress).toMatchObject({ total: 12, sent: 12, byChannel: { wa_web: { sent: 4 }, line: { sent: 8 } } });
    expect(rig.whatsapp.sent.map((s) => s.replies[0]?.text)).toEqual(Array(4).fill(content.whatsappText));
    expect(rig.fake.received.size).toBe(8);
  });

  it('resumes after a crash that left a batch in flight: the retry key makes LINE answer 409, nobody gets it twice', async () => {
    rig = await broadcastRig();
    seedMembers(rig.db.raw, 1200);
    const b = rig.services.broadcasts;
    await b.defineSegment('all', 'Everyone', { reachableOnly: false });
    const created = await b.create({ name: 'x', segment: 'all', content: hello }, 'test');
    if (!created.ok) throw new Error('create');
    const id = created.value.id;
    // What a sender that died mid-call leaves behind: the audience frozen, one batch formed (its retry key
    // committed), and LINE having accepted that multicast whose answer never came back.
    const store = sqlBroadcastStore(rig.db);
    const segment = await store.segment('all');
    if (!segment) throw new Error('segment');
    await rig.db.batch(store.freeze({ broadcastId: id, filter: segment.filter, now: Date.now(), frequencyCap: 3 }));
    const key = crypto.randomUUID();
    await rig.db.batch(store.formBatch(id, 'en', key, 500, Date.now()));
    const inFlight = await store.batch(key);
    if (!inFlight) throw new Error('batch');
    const api = new messagingApi.MessagingApiClient({
      channelAccessToken: rig.fake.accessToken,
      baseURL: rig.fake.url,
    });
    await api.multicast(
      { to: [...inFlight.userIds], messages: [{ type: 'text', text: 'Double points this Tuesday!' }] },
      key,
    );
    expect(rig.fake.received.size).toBe(500);

    const after = await b.run(id);

    expect(after).toMatchObject({ sent: 1200, failed: 0, batches: { sent: 3, pending: 0 } });
    expect(
      rig.fake
        .callsTo('multicast')
        .filter((c) => c.retryKey === key)
        .map((c) => c.status),
    ).toEqual([200, 409]);
    expect([...rig.fake.received.values()].every((n) => n === 1)).toBe(true);
    expect(rig.fake.received.size).toBe(1200);
  });

  it('cancel stops what has not gone out; a cancelled broadcast is not started', async () => {
    rig = await broadcastRig();
    seedMembers(rig.db.raw, 10);
    const b = rig.services.broadcasts;
    await b.defineSegment('all', 'Everyone', { reachableOnly: false });
    const later = await b.create(
      { name: 'later', segment: 'all', content: hello, scheduledAt: Date.now() + 3_600_000 },
      't',
    );
    if (!later.ok) throw new Error('create');
    expect(await b.runDue()).toBe(0);
    const cancelled = await b.cancel(later.value.id);
    expect(cancelled.ok && cancelled.value.status).toBe('cancelled');
    expect(await b.run(later.value.id)).toMatchObject({ total: 0 });
    const again = await b.cancel(later.value.id);
    expect(again.ok).toBe(true);
    expect(await b.cancel('nope')).toMatchObject({ ok: false, error: { code: 'broadcast_not_found' } });
    expect(rig.fake.received.size).toBe(0);
  });
});
