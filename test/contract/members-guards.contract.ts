// The members' guards in the database, through the members store, on every driver (better-sqlite3 in
// test/adapters/db/members-guards.sqlite.test.ts, D1 in test/workers/members-abuse.d1.test.ts): one member per
// phone number (issue 12, item 10) and the link code guards (item 7, src/members/domain/link-code.ts).
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/kernel/database.js';
import { sqlChatStore } from '../../src/members/index.js';

let codes = 1_000_000_000;
export const newMember = (id: string, phoneE164: string, registeredAt = 1) => ({
  id,
  memberCode: String(++codes),
  name: 'M',
  phoneE164,
  birthday: null,
  language: 'en' as const,
  registeredAt,
  registeredLocalDate: '2026-01-01',
  consentVersion: 't',
  consentAt: registeredAt,
});

const NOW = 1_800_000_000_000;

export function membersGuardsContract(driver: string, fresh: () => Promise<Database>): void {
  describe(`members guards on ${driver}`, () => {
    it('commits exactly one of two registrations of one phone number sent at once', async () => {
      const db = await fresh();
      const chat = sqlChatStore(db);
      const results = await Promise.all(
        ['m-a', 'm-b'].map((id) => db.batch([chat.insertMember(newMember(id, '+886933345678'))])),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const refused = results.find((r) => !r.ok);
      expect(refused && !refused.ok && chat.isPhoneTaken(refused.error)).toBe(true);
      // An answer (phone taken), not a race to retry (a member code drawn twice).
      expect(refused && !refused.ok && chat.isRegistrationRace(refused.error)).toBe(false);
      // Another number is free.
      expect((await db.batch([chat.insertMember(newMember('m-c', '+886933345679'))])).ok).toBe(true);
    });

    it('refuses wrong guesses past the limits, and the use of a dead code, in the members store terms', async () => {
      const db = await fresh();
      const chat = sqlChatStore(db);
      expect((await db.batch([chat.insertMember(newMember('m-amy', '+886944345678'))])).ok).toBe(true);
      const amy = { channel: 'line' as const, userId: 'Uamy' };
      expect((await db.batch([chat.insertLinkCode('12345678', 'm-amy', amy, NOW, NOW + 600_000)])).ok).toBe(true);
      const taken = await db.batch([chat.insertLinkCode('12345678', 'm-amy', amy, NOW, NOW + 600_000)]);
      expect(taken.ok ? 'committed' : chat.classifyLink(taken.error)).toBe('code_taken');
      // Five misses in bucket 123 from five chats, under a limit of 6 a minute: the code is dead.
      const miss = (i: number) =>
        chat.insertLinkAttempt(
          { channel: 'line', userId: `Ug${i}` },
          { ok: false, bucket: '123', maxWrongPerMinute: 6 },
          NOW + i,
        );
      for (let i = 0; i < 5; i++) expect((await db.batch([miss(i)])).ok).toBe(true);
      const found = await chat.linkCode('12345678');
      expect(found).toMatchObject({ dead: true, usedAt: null, issuedTo: amy });
      const use = await db.batch([chat.useLinkCode(found?.id ?? 0, { channel: 'line', userId: 'Ux' }, NOW + 10)]);
      expect(use.ok ? 'committed' : chat.classifyLink(use.error)).toBe('code_dead');
      // The sixth wrong code of the minute is checked, the seventh is not; a minute later it is.
      expect((await db.batch([miss(5)])).ok).toBe(true);
      const seventh = await db.batch([miss(6)]);
      expect(seventh.ok ? 'committed' : chat.classifyLink(seventh.error)).toBe('too_many_tries');
      // One chat, five misses in ten minutes (the program-wide limit set high): locked.
      const same = (i: number) =>
        chat.insertLinkAttempt(amy, { ok: false, bucket: '999', maxWrongPerMinute: 1000 }, NOW + 120_000 + i);
      for (let i = 0; i < 5; i++) expect((await db.batch([same(i)])).ok).toBe(true);
      const sixth = await db.batch([same(5)]);
      expect(sixth.ok ? 'committed' : chat.classifyLink(sixth.error)).toBe('identity_locked');
    });

    it("detaches the chat a code linked only for that code's member, and never the asking chat", async () => {
      const db = await fresh();
      const chat = sqlChatStore(db);
      const [amy, bob, amyWa] = [
        { channel: 'line' as const, userId: 'Uamy' },
        { channel: 'line' as const, userId: 'Ubob' },
        { channel: 'wa_web' as const, userId: 'amy@c.us' },
      ];
      const setup = await db.batch([
        chat.insertMember(newMember('m-amy', '+886955345678')),
        chat.insertMember(newMember('m-bob', '+886966345678')),
        ...[amy, bob, amyWa].map((i) => chat.touchIdentity(i.channel, i.userId, 'en', NOW)),
        chat.attachIdentity(amy.channel, amy.userId, 'm-amy'),
        chat.attachIdentity(bob.channel, bob.userId, 'm-bob'),
        chat.insertLinkCode('55555555', 'm-amy', amy, NOW, NOW + 600_000),
      ]);
      expect(setup.ok).toBe(true);
      const code = await chat.linkCode('55555555');
      const linked = await db.batch([
        chat.useLinkCode(code?.id ?? 0, amyWa, NOW + 1),
        chat.attachIdentity(amyWa.channel, amyWa.userId, 'm-amy'),
      ]);
      expect(linked.ok).toBe(true);
      const id = code?.id ?? 0;
      expect(await chat.linkedBy(id, 'm-bob')).toBeUndefined();
      expect(await chat.linkedBy(id, 'm-amy')).toEqual({ ...amyWa, linked: true });
      // Bob forging Amy's button, and the linked chat pressing it itself: nothing is detached.
      expect((await db.batch([chat.detachLinked(id, 'm-bob', bob)])).ok).toBe(true);
      expect((await db.batch([chat.detachLinked(id, 'm-amy', amyWa)])).ok).toBe(true);
      expect((await chat.identity(amyWa.channel, amyWa.userId))?.memberId).toBe('m-amy');
      // Amy's own tap: WhatsApp goes, LINE stays.
      expect((await db.batch([chat.detachLinked(id, 'm-amy', amy)])).ok).toBe(true);
      expect((await chat.identity(amyWa.channel, amyWa.userId))?.memberId).toBeNull();
      expect((await chat.identity(amy.channel, amy.userId))?.memberId).toBe('m-amy');
      expect(await chat.linkedBy(id, 'm-amy')).toEqual({ ...amyWa, linked: false });
    });
  });
}
