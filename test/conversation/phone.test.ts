// toE164: what members type as a mobile number, to E.164 or null.
import { describe, expect, it } from 'vitest';
import { toE164 } from '../../src/members/domain/phone.js';

describe('toE164', () => {
  it.each([
    ['0912345678', '+886912345678'],
    ['0912 345 678', '+886912345678'],
    ['0912-345-678', '+886912345678'],
    ['09-1234-5678', '+886912345678'],
    ['+886 (912) 345-678', '+886912345678'],
    ['0912.345.678', '+886912345678'],
    ['  0912345678  ', '+886912345678'],
    ['+886912345678', '+886912345678'],
    ['+886 912 345 678', '+886912345678'],
    ['+886-912-345-678', '+886912345678'],
    // The trunk 0 kept after the country code.
    ['+886 0912 345 678', '+886912345678'],
    ['+886 (0) 912 345 678', '+886912345678'],
    ['00886912345678', '+886912345678'],
    ['00886 0912 345 678', '+886912345678'],
  ])('a Taiwan mobile number: %s', (typed, e164) => {
    expect(toE164(typed)).toBe(e164);
  });

  it.each([
    ['０９１２３４５６７８', '+886912345678'],
    ['０９１２－３４５－６７８', '+886912345678'],
    ['０９１２　３４５　６７８', '+886912345678'],
    ['＋８８６９１２３４５６７８', '+886912345678'],
    ['＋８８６（９１２）３４５６７８', '+886912345678'],
  ])('full-width digits, dashes, spaces and parentheses: %s', (typed, e164) => {
    expect(toE164(typed)).toBe(e164);
  });

  it.each([
    ['+81 90 1234 5678', '+819012345678'],
    ['0081 90 1234 5678', '+819012345678'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+852 9123 4567', '+85291234567'],
    ['+44 7911 123456', '+447911123456'],
  ])('an international number with + or 00: %s', (typed, e164) => {
    expect(toE164(typed)).toBe(e164);
  });

  it.each([
    '02 2345 6789',
    '02-2345-6789',
    '+886 2 2345 6789',
    '00886 2 2345 6789',
    '+886 4 2345 6789',
  ])('refuses a Taiwan landline: %s', (typed) => {
    expect(toE164(typed)).toBeNull();
  });

  it('international numbers carry 8 to 15 digits', () => {
    expect(toE164('+1234567')).toBeNull();
    expect(toE164('+12345678')).toBe('+12345678');
    expect(toE164('+123456789012345')).toBe('+123456789012345');
    expect(toE164('+1234567890123456')).toBeNull();
  });

  it.each([
    '091234567',
    '09123456789',
    '+88691234567',
    '+8869123456789',
    '12345',
    '',
    '   ',
    '+',
    '00',
  ])('refuses too short or too long: "%s"', (typed) => {
    expect(toE164(typed)).toBeNull();
  });

  it.each([
    '0912abc678',
    'O912345678',
    'phone 0912345678',
    '0912345678 ext 9',
    '+886 912 345 678!',
    '++886912345678',
    '+0 912 345 678',
    '+886_912_345_678',
  ])('refuses letters and other characters: %s', (typed) => {
    expect(toE164(typed)).toBeNull();
  });

  it('refuses a number with neither a Taiwan mobile prefix nor a + country code', () => {
    expect(toE164('9012345678')).toBeNull();
    expect(toE164('886912345678')).toBeNull();
  });
});
