// Link codes, the one-time codes that attach another chat identity to a member. Pure: the digits are drawn by the
// caller (linking.ts), the database guards decide (migrations: link_attempts_limits, link_codes_use_once).
//
// Why guessing gets nowhere (issue 12, item 7):
// - A code is 8 digits: a BUCKET (its first 3 digits, 1,000 buckets) and a SECRET (the last 5, 100,000 values).
//   A wrong guess names its bucket, so it is counted against every code live in that bucket, from whichever chat
//   identity it came. A code dies after MAX_WRONG_PER_CODE (5) wrong guesses in its bucket during its 10-minute
//   life; right digits of a dead code are refused like wrong ones.
// - So against one code an attacker gets at most 5 checked misses, however many identities they use and however
//   fast they send: five distinct guesses cover 5 of the 100,000 secrets, so the chance of taking that code over
//   its life is at most 5 / 100,000 = 0.005% (the issue asks for at most about 0.1%).
// - Program-wide, at most LINK_MAX_WRONG_PER_MINUTE wrong guesses (default 20) are checked in any 60 seconds; past
//   that every code sent, right or wrong, is answered "too many tries, wait a minute" without being checked. That
//   caps a sustained attack on ALL members at once: 20 x 60 x 24 = 28,800 checked guesses a day, each of which finds
//   some live code with probability N / 100,000,000 for N codes live at that moment: about 0.03% x N a day.
// - Buckets rather than one shared count: if every wrong guess counted against every live code, five messages from
//   a stranger would kill everyone's codes. Killing all 1,000 buckets takes 5,000 checked guesses, which the
//   per-minute limit stretches to 250 minutes at the default, 25 times a code's life.
// - Per chat identity, 5 wrong guesses in 10 minutes lock that chat out for 10 minutes (a typo guard; fresh
//   identities are what the two rules above are for).

export const LINK_CODE_DIGITS = 8;
export const LINK_BUCKET_DIGITS = 3;
export const LINK_CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong guesses in a code's bucket that kill it (the number is in the link_codes_use_once trigger). */
export const MAX_WRONG_PER_CODE = 5;

/** 8 digits from a random 32-bit value (the modulo bias, under 0.003%, does not matter here). */
export function linkCodeFrom(random: number): string {
  return String(random % 10 ** LINK_CODE_DIGITS).padStart(LINK_CODE_DIGITS, '0');
}

/** A link code as typed: 8 digits, spaces anywhere (the text is already NFKC-folded: full-width digits count). */
export function parseLinkCode(text: string): string | null {
  const digits = text.replace(/\s+/g, '');
  return new RegExp(`^\\d{${LINK_CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/** The bucket a code or a guess belongs to: its first 3 digits. */
export const linkBucket = (code: string): string => code.slice(0, LINK_BUCKET_DIGITS);

/** As members read it: "4831 2290". */
export const showLinkCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;
