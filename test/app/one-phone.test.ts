// One member per E.164 phone number, decided by the database (issue 12, item 10): a second registration with a
// number in use is told to link from the chat it first registered in and gets no second welcome gift; two chats
// registering one number at once make exactly one member; and the migration copes with duplicates already stored.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { openSqlite } from '../../src/db/sqlite.js';
import type { Channel } from '../../src/kernel/channel.js';
import type { Database } from '../../src/kernel/database.js';
import { sqlChatStore } from '../../src/members/index.js';
import { type ChatHarness, chatHarness } from '../support/chat-harness.js';

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');
const work = mkdtempSync(join(tmpdir(), 'pointloop-phone-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const count = async (db: Database, sql: string, ...params: (string | number)[]) =>
  (await db.first<{ n: number }>(sql, params))?.n ?? -1;

/** Name, number, no birthday: the next message (agree) registers. */
async function upToConsent(h: ChatHarness, userId: string, channel: Channel, phone = '0912 345 678') {
  for (const text of ['hi', 'Amy', phone, 'skip']) await h.say(userId, text, channel);
}

/** What the outbox holds for a user's event (the same whichever connection processed it). */
async function answered(db: Database, channel: Channel, eventId: string): Promise<string> {
  const r = await db.first<{ replies: string }>(
    'SELECT o.replies FROM outbox o JOIN inbox_events e ON e.id = o.inbox_id WHERE e.channel = ? AND e.event_id = ?',
    [channel, eventId],
  );
  return texts(JSON.parse(r?.replies ?? '[]') as Reply[]);
}

const agree = (channel: Channel, userId: string, eventId: string, at: number) => ({
  channel,
  userId,
  eventId,
  occurredAt: at,
  type: 'postback' as const,
  data: 'cmd=agree',
});

describe('one member per phone number', () => {
  it('tells a second registration of a number to link from the first chat, gives no second gift, and links', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en' });
    await upToConsent(h, 'L1', 'line');
    expect(texts(await h.say('L1', 'agree', 'line'))).toContain('+100 points');
    // The same number typed another way, from WhatsApp.
    await upToConsent(h, 'W1', 'wa_web', '+886-912-345-678');
    const refused = texts(await h.say('W1', 'agree', 'wa_web'));
    expect(refused).toContain('already has a membership');
    expect(refused).toContain('send "link" in the chat you first registered in');
    expect(refused).not.toContain('Welcome gift');
    expect(await count(h.services.db, 'SELECT COUNT(*) AS n FROM members')).toBe(1);
    expect(await count(h.services.db, "SELECT COUNT(*) AS n FROM transfers WHERE reason_code = 'welcome_bonus'")).toBe(
      1,
    );
    // As told: "link" in LINE, the code in WhatsApp.
    const code = /\b(\d{4} \d{4})\b/.exec(texts(await h.say('L1', 'link', 'line')))?.[1] ?? '';
    expect(texts(await h.say('W1', code, 'wa_web'))).toContain('Linked!');
    expect((await h.say('W1', 'points', 'wa_web'))[0]).toMatchObject({ balances: [{ amount: 100 }] });
  });

  it('says so in Traditional Chinese too', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'zh-TW' });
    await upToConsent(h, 'L1', 'line');
    expect(texts(await h.say('L1', '同意', 'line'))).toContain('入會禮');
    await upToConsent(h, 'W1', 'wa_web');
    const refused = texts(await h.say('W1', '同意', 'wa_web'));
    expect(refused).toContain('這個手機號碼已經是會員了');
    expect(refused).toContain('請在您當初註冊的聊天中傳送「綁定」');
  });

  it('makes exactly one member when two chats register one number at once (one connection)', async () => {
    const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en' });
    await upToConsent(h, 'L1', 'line');
    await upToConsent(h, 'W1', 'wa_web');
    const now = h.clock.now();
    await h.services.inbox.accept([agree('line', 'L1', 'race-l', now), agree('wa_web', 'W1', 'race-w', now)]);
    await h.services.inbox.drain();
    await expectOneWinner(h.services.db);
  });

  it('makes exactly one member when two processes register one number at once (two connections, one file)', async () => {
    const path = join(work, 'two.db');
    const [a, b] = [openSqlite({ path }), openSqlite({ path })];
    const ha = await chatHarness(a, { DEFAULT_LANGUAGE: 'en' });
    const hb = await chatHarness(b, { DEFAULT_LANGUAGE: 'en' });
    await upToConsent(ha, 'L1', 'line');
    await upToConsent(hb, 'W1', 'wa_web');
    const now = ha.clock.now();
    await Promise.all([
      ha.services.inbox.accept([agree('line', 'L1', 'race-l', now)]),
      hb.services.inbox.accept([agree('wa_web', 'W1', 'race-w', now)]),
    ]);
    await Promise.all([ha.services.inbox.drain(), hb.services.inbox.drain()]);
    await expectOneWinner(a);
    a.close();
    b.close();
  });
});

async function expectOneWinner(db: Database): Promise<void> {
  expect(await count(db, "SELECT COUNT(*) AS n FROM members WHERE phone_e164 = '+886912345678'")).toBe(1);
  expect(await count(db, "SELECT COUNT(*) AS n FROM transfers WHERE reason_code = 'welcome_bonus'")).toBe(1);
  expect(await count(db, 'SELECT COUNT(*) AS n FROM identities WHERE member_id IS NOT NULL')).toBe(1);
  const answers = [await answered(db, 'line', 'race-l'), await answered(db, 'wa_web', 'race-w')];
  expect(answers.filter((a) => a.includes('You are a member now'))).toHaveLength(1);
  expect(answers.filter((a) => a.includes('already has a membership'))).toHaveLength(1);
}

describe('the migration that makes numbers unique (on data that already breaks the rule)', () => {
  it('keeps the earliest member of each number in the index and marks the later ones, failing nothing', async () => {
    // migrations/ up to just before the phone index, on a temp copy.
    const before = join(work, 'migrations-before');
    cpSync('migrations', before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag.endsWith('_members_abuse'));
    expect(at).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
    const path = join(work, 'legacy.db');
    const old = openSqlite({ path, migrationsFolder: before });
    let codes = 1_000_000_000;
    const insert = (id: string, phone: string, registeredAt: number) =>
      old.raw
        .prepare(
          `INSERT INTO members (id, member_code, name, phone_e164, language, consent_version, consent_at, registered_at,
             registered_local_date) VALUES (?, ?, 'M', ?, 'en', 't', 0, ?, '2026-01-01')`,
        )
        .run(id, String(++codes), phone, registeredAt);
    insert('m-late', '+886912345678', 30);
    insert('m-first', '+886912345678', 10);
    insert('m-tie-b', '+886912345678', 10);
    insert('m-other', '+886922345678', 20);
    old.close();

    const db = openSqlite({ path });
    const marks = await db.all<{ id: string; phone_duplicate_of: string | null }>(
      'SELECT id, phone_duplicate_of FROM members ORDER BY id',
    );
    expect(marks).toEqual([
      { id: 'm-first', phone_duplicate_of: null },
      { id: 'm-late', phone_duplicate_of: 'm-first' },
      { id: 'm-other', phone_duplicate_of: null },
      { id: 'm-tie-b', phone_duplicate_of: 'm-first' },
    ]);
    // From now on the number is taken, and the mark cannot be used to step around the index.
    const chat = sqlChatStore(db);
    const member = (id: string, phoneE164: string) => ({
      id,
      memberCode: String(2_000_000_000 + id.length),
      name: 'New',
      phoneE164,
      birthday: null,
      language: 'en' as const,
      registeredAt: 99,
      registeredLocalDate: '2026-01-02',
      consentVersion: 't',
      consentAt: 99,
    });
    const again = await db.batch([chat.insertMember(member('m-new', '+886912345678'))]);
    expect(again.ok ? 'committed' : chat.isPhoneTaken(again.error)).toBe(true);
    expect(await db.batch([chat.insertMember(member('m-new2', '+886933345678'))])).toMatchObject({ ok: true });
    const sneak = db.raw.prepare('UPDATE members SET phone_e164 = ? WHERE id = ?');
    expect(() => sneak.run('+886944345678', 'm-late')).toThrow('members_phone_duplicate_frozen');
    db.close();
  });
});
