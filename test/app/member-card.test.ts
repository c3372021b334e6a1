// The member card at the till (issue 13, part 3): the QR holds the rotating member token and the card shows its
// numeric form; both verify as the store API's `{ token }` for 5 minutes and name the member, and neither carries
// a name or a phone number. CARD_SHOWS_MEMBER_CODE=false leaves the static member code off the card.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/domain/replies.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { parseConfig } from '../../src/main/config.js';
import { issueMemberNumber, verifyMemberNumber } from '../../src/members/domain/member-number.js';
import { looksLikeMemberCard, verifyCardToken } from '../../src/members/index.js';
import { chatHarness } from '../support/chat-harness.js';

const SECRET = parseConfig({}).memberTokenSecret;
type Card = Extract<Reply, { kind: 'card' }>;

async function memberWithCard(env: Record<string, string> = {}) {
  const h = await chatHarness(openSqlite({ path: ':memory:' }), { DEFAULT_LANGUAGE: 'en', ...env });
  for (const say of ['hi', 'Amy Chen', '0912345678', 'skip', 'agree']) await h.say('u1', say);
  const member = await h.services.db.first<{ id: string; member_code: string }>('SELECT id, member_code FROM members');
  if (!member) throw new Error('no member');
  const card = async (): Promise<Card> => {
    const r = (await h.say('u1', 'card')).find((x) => x.kind === 'card');
    if (r?.kind !== 'card') throw new Error('no card');
    return r;
  };
  return { h, member, card };
}

const qrToken = (card: Card) => decodeURIComponent(/\/qr\/(.+)\.png$/.exec(card.qrUrl)?.[1] ?? '');

describe('the member card', () => {
  it('shows a QR of the rotating token and its numeric form; both name the member for 5 minutes', async () => {
    const { h, member, card } = await memberWithCard();
    const shown = await card();
    expect(shown.memberCode).toBe(member.member_code);
    const token = qrToken(shown);
    expect(token).toMatch(/^pm1\./);
    const now = h.clock.now();
    expect(await verifyCardToken(SECRET, token, now)).toMatchObject({ ok: true, memberId: member.id });
    // The numeric form, as a cashier types it (with the spaces the card shows), names the member by code.
    expect(shown.tokenCode).toMatch(/^\d{4}( \d{4}){4} \d{2}$/);
    expect(await verifyCardToken(SECRET, shown.tokenCode, now)).toMatchObject({
      ok: true,
      memberCode: member.member_code,
    });
    expect(shown.text).toContain(shown.tokenCode);
    expect(shown.tokenNote).toMatch(/Valid until \d\d:\d\d/);
    // No personal data, and the static member code is not readable off the numeric form.
    for (const shownToken of [token, shown.tokenCode.replaceAll(' ', '')]) {
      for (const personal of ['Amy', 'Chen', '912345678', member.member_code])
        expect(shownToken).not.toContain(personal);
    }
    // A screenshot stops working: 5 minutes later both are refused as expired.
    h.clock.advance(5 * 60_000 + 1000);
    expect(await verifyCardToken(SECRET, token, h.clock.now())).toEqual({ ok: false, code: 'member_token_expired' });
    expect(await verifyCardToken(SECRET, shown.tokenCode, h.clock.now())).toEqual({
      ok: false,
      code: 'member_token_expired',
    });
    // A new card has fresh tokens.
    const again = await card();
    expect(again.tokenCode).not.toBe(shown.tokenCode);
    expect(await verifyCardToken(SECRET, again.tokenCode, h.clock.now())).toMatchObject({ ok: true });
  });

  it('leaves the member code off the card when the brand does not show it', async () => {
    const { member, card } = await memberWithCard({ CARD_SHOWS_MEMBER_CODE: 'false' });
    const shown = await card();
    expect(shown.memberCode).toBeNull();
    expect(shown.text).not.toContain(member.member_code);
    expect(shown.text).not.toContain('Member code');
    expect(shown.tokenCode).toMatch(/^\d{4} /);
  });

  it('refuses a tampered, foreign or malformed numeric token', async () => {
    const now = Date.UTC(2026, 2, 1, 1, 0, 0);
    const { code } = await issueMemberNumber(SECRET, '7782066107', now);
    expect(await verifyMemberNumber(SECRET, code, now)).toMatchObject({ ok: true, memberCode: '7782066107' });
    for (let i = 0; i < code.length; i++) {
      const tampered = `${code.slice(0, i)}${(Number(code[i]) + 1) % 10}${code.slice(i + 1)}`;
      expect((await verifyMemberNumber(SECRET, tampered, now)).ok, `digit ${i}`).toBe(false);
    }
    expect((await verifyMemberNumber('another-secret-of-length', code, now)).ok).toBe(false);
    for (const bad of ['', '123', `${code}1`, code.slice(1), 'x'.repeat(22)])
      expect(await verifyMemberNumber(SECRET, bad, now)).toEqual({ ok: false, code: 'invalid_member_token' });
    // Issued at every offset across the tag's cycle, it verifies until just before it expires and never after.
    for (let k = 0; k < 40; k++) {
      const at = now + k * 2_503_337;
      const n = await issueMemberNumber(SECRET, '7782066107', at);
      expect(await verifyMemberNumber(SECRET, n.code, n.expiresAt - 1)).toMatchObject({ ok: true });
      expect((await verifyMemberNumber(SECRET, n.code, n.expiresAt)).ok).toBe(false);
    }
  });

  it('tells a scanned card from a coupon code', () => {
    expect(looksLikeMemberCard('7782066107')).toBe(true);
    expect(looksLikeMemberCard('4821 9930 1745 6203 1988 42')).toBe(true);
    expect(looksLikeMemberCard(`pm1.${'a'.repeat(32)}.1772330700.${'b'.repeat(22)}`)).toBe(true);
    expect(looksLikeMemberCard('ABCDEFGHJKMN')).toBe(false);
    expect(looksLikeMemberCard('234567892345')).toBe(false);
  });
});
