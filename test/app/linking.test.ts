// One member across chat apps (link codes), through the real inbox on SQLite: linking, the notice to the chat that
// asked for the code and its one-tap unlink, and guessing (issue 12, item 7: src/members/domain/link-code.ts).
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { openSqlite } from '../../src/db/sqlite.js';
import type { Channel } from '../../src/kernel/channel.js';
import { type ChatHarness, chatHarness } from '../support/chat-harness.js';

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');
const MINUTE = 60 * 1000;

async function registeredOnLine(env: Record<string, string> = {}): Promise<ChatHarness> {
  const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en', ...env });
  for (const text of ['hi', 'Amy', '0912345678', 'skip', 'agree']) await h.say('L1', text, 'line');
  return h;
}

/** A fresh code asked for in Amy's LINE chat: 8 digits, shown as "1234 5678". */
async function linkCode(h: ChatHarness): Promise<string> {
  const r = await h.say('L1', '綁定', 'line');
  const shown = /\b(\d{4} \d{4})\b/.exec(r[0]?.text ?? '')?.[1];
  if (!shown) throw new Error(`no code in ${r[0]?.text}`);
  return shown.replace(' ', '');
}

/** What one user was sent while `act` ran (the harness returns everything sent during a turn, to anyone). */
async function sentTo(h: ChatHarness, userId: string, act: () => Promise<unknown>) {
  const before = h.sender.sent.length;
  await act();
  return h.sender.sent.slice(before).filter((s) => s.userId === userId);
}

async function memberOf(h: ChatHarness, channel: Channel, userId: string): Promise<string | null> {
  const r = await h.services.db.first<{ member_id: string | null }>(
    'SELECT member_id FROM identities WHERE channel = ? AND user_id = ?',
    [channel, userId],
  );
  return r?.member_id ?? null;
}

const count = async (h: ChatHarness, sql: string, ...params: (string | number)[]) =>
  (await h.services.db.first<{ n: number }>(sql, params))?.n ?? -1;

/** A code of the same bucket (first 3 digits) as `code`, other digits. */
const sameBucket = (code: string, i: number) => {
  const secret = String(i).padStart(5, '0');
  return `${code.slice(0, 3)}${secret === code.slice(3) ? String(i + 50_000).padStart(5, '0') : secret}`;
};
/** A code of another bucket than `code`. */
const otherBucket = (code: string, i: number) =>
  `${String((Number(code.slice(0, 3)) + 1 + (i % 998)) % 1000).padStart(3, '0')}${String(i).padStart(5, '0')}`;

describe('one member across channels', () => {
  it('links WhatsApp to a LINE member: one wallet, one check-in per day', async () => {
    const h = await registeredOnLine();
    const code = await linkCode(h);
    const linked = (await sentTo(h, 'W1', () => h.say('W1', code, 'wa_web'))).flatMap((s) => s.replies);
    expect(texts(linked)).toContain('Linked!');
    expect(linked.map((r) => r.kind)).toEqual(['text', 'card']);
    expect(texts(await h.say('W1', 'check in', 'wa_web'))).toContain('+10 points');
    const points = await h.say('L1', 'points', 'line');
    expect(points[0]).toMatchObject({ kind: 'balance', balances: [{ amount: 110 }] });
    expect(texts(await h.say('L1', '簽到', 'line'))).toContain('already checked in');
    expect(await count(h, 'SELECT COUNT(*) AS n FROM members')).toBe(1);
    // The code was used: it cannot link a third identity.
    expect(texts(await h.say('W2', code, 'wa_web'))).toContain('not valid');
    // Unlinking works while another identity remains; the last one cannot be unlinked.
    expect(texts(await h.say('W1', 'unlink', 'wa_web'))).toContain('no longer linked');
    expect(texts(await h.say('L1', 'unlink', 'line'))).toContain('only chat');
  });

  it('tells the chat that asked for the code, whose one tap unlinks exactly the new chat', async () => {
    const h = await registeredOnLine();
    const amy = await memberOf(h, 'line', 'L1');
    const code = await linkCode(h);
    const notices = await sentTo(h, 'L1', () => h.say('W1', code, 'wa_web'));
    // One push (no inbound event of L1's), a confirm card: unlink it, or it was me.
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ inboxId: null, channel: 'line', replyToken: null });
    const notice = notices[0]?.replies[0];
    if (notice?.kind !== 'confirm') throw new Error(`expected a confirm card, got ${notice?.kind}`);
    expect(notice.text).toContain('A WhatsApp chat now uses your membership');
    expect(notice.confirm.label).toBe('Unlink it');
    const unlink = notice.confirm.action.type === 'postback' ? notice.confirm.action.data : '';
    expect(unlink).toMatch(/^cmd=unlink_linked&link=\d+$/);
    expect(await memberOf(h, 'wa_web', 'W1')).toBe(amy);

    // Someone else's chat pressing the same button (a forged postback) detaches nothing, nor does the new chat.
    for (const text of ['hi', 'Bob', '0922345678', 'skip', 'agree']) await h.say('L2', text, 'line');
    expect(texts(await h.say('L2', { postback: unlink }, 'line'))).toContain('not linked to your membership any more');
    expect(texts(await h.say('W1', { postback: unlink }, 'wa_web'))).toContain(
      'not linked to your membership any more',
    );
    expect(await memberOf(h, 'wa_web', 'W1')).toBe(amy);

    // Amy's tap: WhatsApp is detached at once and is a stranger again; LINE keeps the membership and the points.
    expect(texts(await h.say('L1', { postback: unlink }, 'line'))).toContain('no longer linked to your membership');
    expect(await memberOf(h, 'wa_web', 'W1')).toBeNull();
    expect(await memberOf(h, 'line', 'L1')).toBe(amy);
    expect(texts(await h.say('W1', 'points', 'wa_web'))).toContain('Please join first');
    expect(texts(await h.say('L1', { postback: unlink }, 'line'))).toContain('not linked to your membership any more');
    expect(texts(await h.say('L1', { postback: 'cmd=unlink_linked&link=x' }, 'line'))).toContain('any more');
    expect((await h.say('L1', 'points', 'line'))[0]).toMatchObject({ balances: [{ amount: 100 }] });
    expect(texts(await h.say('L1', { postback: 'cmd=link_keep' }, 'line'))).toContain('both chats');
  });

  it('refuses wrong and expired codes, and locks a chat out after 5 wrong tries', async () => {
    const h = await registeredOnLine();
    const code = await linkCode(h);
    h.clock.advance(11 * MINUTE);
    expect(texts(await h.say('W1', code, 'wa_web'))).toContain('expired');
    const fresh = await linkCode(h);
    // Wrong codes of other buckets: they lock W1 (5 with the expired one) but do not touch `fresh`.
    for (let i = 0; i < 4; i++)
      expect(texts(await h.say('W1', otherBucket(fresh, i), 'wa_web'))).toContain('not valid');
    expect(texts(await h.say('W1', fresh, 'wa_web'))).toContain('Too many wrong codes');
    expect(await memberOf(h, 'wa_web', 'W1')).toBeNull();
    // The lock is W1's: the code itself still works, from another chat.
    expect(texts(await h.say('W2', fresh, 'wa_web'))).toContain('Linked!');
    h.clock.advance(11 * MINUTE);
    const later = await linkCode(h);
    expect(texts(await h.say('W1', later, 'wa_web'))).toContain('Linked!');
  });

  it('takes the code with spaces and full-width digits; other lengths are not a code', async () => {
    const h = await registeredOnLine();
    const code = await linkCode(h);
    const wide = [...`${code.slice(0, 4)} ${code.slice(4)}`]
      .map((c) => (c === ' ' ? '　' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
      .join('');
    expect(texts(await h.say('W1', code.slice(0, 6), 'wa_web'))).not.toContain('not valid');
    expect(texts(await h.say('W2', wide, 'wa_web'))).toContain('Linked!');
  });
});

describe('guessing link codes (issue 12, item 7)', () => {
  it('kills a code after 5 wrong guesses in its bucket, from any chats: its right digits are refused after', async () => {
    const h = await registeredOnLine();
    const code = await linkCode(h);
    for (let i = 0; i < 5; i++)
      expect(texts(await h.say(`G${i}`, sameBucket(code, i), 'simulator'))).toContain('not valid');
    expect(texts(await h.say('W1', code, 'wa_web'))).toContain('not valid');
    expect(await memberOf(h, 'wa_web', 'W1')).toBeNull();
    // Amy asks again: a new code, which the dead one's guesses do not count against once it is in another bucket.
    let next = await linkCode(h);
    for (let i = 0; i < 10 && next.slice(0, 3) === code.slice(0, 3); i++) next = await linkCode(h);
    expect(texts(await h.say('W1', next, 'wa_web'))).toContain('Linked!');
  });

  it('gets nowhere with 2,000 guesses from fresh chats: the code dies after 5, then every guess is refused unchecked', async () => {
    const h = await registeredOnLine();
    const amy = await memberOf(h, 'line', 'L1');
    const code = await linkCode(h);
    // The strongest attacker: every guess in the victim's bucket, the right code itself at guesses 6, 21, 1,001
    // and 2,000, each from a chat never seen before. The clock stands still: all within one minute.
    const right = new Set([5, 20, 1000, 1999]);
    const answers: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const guess = right.has(i) ? code : sameBucket(code, i);
      answers.push(texts(await h.say(`A${i}`, guess, 'simulator')));
    }
    const invalid = answers.filter((a) => a.includes('not valid')).length;
    const tooMany = answers.filter((a) => a.includes('Too many tries')).length;
    expect(answers.slice(0, 20).every((a) => a.includes('not valid'))).toBe(true);
    expect(answers[5]).toContain('not valid'); // the right digits, after 5 misses: the code is dead
    expect([invalid, tooMany]).toEqual([20, 1980]); // LINK_MAX_WRONG_PER_MINUTE (20) checked, the rest not
    expect(answers[1999]).toContain('Too many tries');
    expect(await count(h, 'SELECT COUNT(*) AS n FROM identities WHERE member_id = ?', amy ?? '')).toBe(1);
    expect(await count(h, 'SELECT COUNT(*) AS n FROM link_attempts')).toBe(20);
    expect(await count(h, 'SELECT COUNT(*) AS n FROM link_codes WHERE used_at IS NOT NULL')).toBe(0);
    // A minute later Amy links her own WhatsApp with a new code.
    h.clock.advance(MINUTE + 1);
    expect(texts(await h.say('W1', await linkCode(h), 'wa_web'))).toContain('Linked!');
  });

  it('refuses even the right code past LINK_MAX_WRONG_PER_MINUTE, until the minute has passed', async () => {
    const h = await registeredOnLine({ LINK_MAX_WRONG_PER_MINUTE: '3' });
    const code = await linkCode(h);
    // Three misses in other buckets, from three chats: the code is alive, but the minute's budget is spent.
    for (let i = 0; i < 3; i++)
      expect(texts(await h.say(`G${i}`, otherBucket(code, i), 'simulator'))).toContain('not valid');
    expect(texts(await h.say('W1', code, 'wa_web'))).toContain('Too many tries');
    expect(await memberOf(h, 'wa_web', 'W1')).toBeNull();
    h.clock.advance(MINUTE + 1);
    expect(texts(await h.say('W1', code, 'wa_web'))).toContain('Linked!');
  });

  it('checks exactly LINK_MAX_WRONG_PER_MINUTE of 200 guesses that arrive at once (the limit is in the batch)', async () => {
    const h = await registeredOnLine();
    const code = await linkCode(h);
    const now = h.clock.now();
    const events = Array.from({ length: 200 }, (_, i) => ({
      channel: 'simulator' as const,
      userId: `P${i}`,
      eventId: `storm-${i}`,
      occurredAt: now,
      type: 'text' as const,
      text: otherBucket(code, i),
    }));
    const before = h.sender.sent.length;
    await h.services.inbox.accept(events);
    await h.services.inbox.drain();
    const answers = h.sender.sent.slice(before).flatMap((s) => s.replies.map((r) => r.text));
    expect(answers).toHaveLength(200);
    expect(answers.filter((a) => a.includes('not valid'))).toHaveLength(20);
    expect(answers.filter((a) => a.includes('Too many tries'))).toHaveLength(180);
    expect(await count(h, 'SELECT COUNT(*) AS n FROM link_attempts WHERE ok = 0')).toBe(20);
  });
});
