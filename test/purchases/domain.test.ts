// Pure parts of purchases: the rotating member token, the checkout offset's arithmetic, and the request rules.
import { describe, expect, it } from 'vitest';
import { issueMemberToken, MEMBER_TOKEN_TTL_MS, verifyMemberToken } from '../../src/members/domain/member-token.js';
import { offsetQuote, offsetStep } from '../../src/purchases/domain/offset.js';
import { canonicalJson, itemsAddUp, purchaseBody } from '../../src/purchases/domain/requests.js';

const SECRET = 'a-test-secret-of-some-length';
const NOW = Date.UTC(2026, 4, 5, 4, 0, 0);

describe('member token', () => {
  it('is valid for 5 minutes, names the member only, and a changed character or another secret breaks it', async () => {
    const token = await issueMemberToken(SECRET, 'abc123', NOW);
    expect(token).toMatch(/^pm1\.abc123\.\d+\.[A-Za-z0-9_-]{22}$/);
    expect(await verifyMemberToken(SECRET, token, NOW + MEMBER_TOKEN_TTL_MS - 1000)).toMatchObject({
      ok: true,
      memberId: 'abc123',
    });
    expect(await verifyMemberToken(SECRET, token, NOW + MEMBER_TOKEN_TTL_MS)).toEqual({
      ok: false,
      code: 'member_token_expired',
    });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(await verifyMemberToken(SECRET, `${token.slice(0, -1)}${last}`, NOW)).toMatchObject({
      code: 'invalid_member_token',
    });
    expect(await verifyMemberToken('another-secret-entirely', token, NOW)).toMatchObject({
      code: 'invalid_member_token',
    });
    expect(await verifyMemberToken(SECRET, token.replace('abc123', 'abc124'), NOW)).toMatchObject({
      code: 'invalid_member_token',
    });
    expect(await verifyMemberToken(SECRET, '1000000000', NOW)).toMatchObject({ code: 'invalid_member_token' });
  });
});

describe('checkout offset', () => {
  const settings = { pointTypes: [{ pointType: 'bonus', maxSharePercent: 50, minPoints: 20 }] };
  const pointTypes = [{ code: 'bonus', valueMinor: 5 }];
  const quote = (available: number, amount: number) =>
    offsetQuote({ settings, pointTypes, available: new Map([['bonus', available]]), amount })[0];

  it('20 points pay NT$1: whole dollars only, at most half the purchase, from 20 points', () => {
    expect(offsetStep(5)).toBe(20);
    expect(offsetStep(100)).toBe(1);
    expect(offsetStep(3)).toBe(100);
    expect(quote(1_250, 32_000)).toMatchObject({ points: 1_240, valueMinor: 6_200 });
    expect(quote(10_000, 32_000)).toMatchObject({ points: 3_200, valueMinor: 16_000 });
    expect(quote(19, 32_000)).toMatchObject({ points: 0, limitedBy: 'available' });
    expect(quote(100, 30)).toMatchObject({ points: 0, limitedBy: 'share' });
    expect(quote(100, 4_000)).toMatchObject({ points: 100, valueMinor: 500 });
  });
});

describe('purchase requests', () => {
  const ok = { receipt: 'R1', member: { memberCode: '1' }, amount: 100 };
  it('takes whole positive amounts, receipts up to 64 characters, one way of naming the member', () => {
    expect(purchaseBody.safeParse(ok).success).toBe(true);
    for (const amount of [0, -1, 1.5, 1e12, '100'])
      expect(purchaseBody.safeParse({ ...ok, amount }).success).toBe(false);
    expect(purchaseBody.safeParse({ ...ok, receipt: 'R'.repeat(64) }).success).toBe(true);
    expect(purchaseBody.safeParse({ ...ok, receipt: 'R'.repeat(65) }).success).toBe(false);
    expect(purchaseBody.safeParse({ ...ok, receipt: 'a/b' }).success).toBe(false);
    expect(purchaseBody.safeParse({ ...ok, member: { memberCode: '1', phone: '+886912345678' } }).success).toBe(false);
    expect(itemsAddUp(100, [{ amount: 60 }, { amount: 40 }])).toBe(true);
    expect(itemsAddUp(100, [{ amount: 60 }])).toBe(false);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });
});
