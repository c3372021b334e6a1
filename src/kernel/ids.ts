import type { IdGen } from './clock.js';

/** Random ids from Web Crypto (available on Node 20 and in workerd alike). */
export const randomIds: IdGen = {
  next: () => crypto.randomUUID().replaceAll('-', ''),
};

/** A 10-digit member code: easy to read out at a till, too many to enumerate. */
export function newMemberCode(): string {
  const d = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(d, (b, i) => (i === 0 ? 1 + (b % 9) : b % 10)).join('');
}
