/**
 * Mobile numbers to E.164. Taiwan's local form (09XX XXX XXX) is the common case; international numbers must
 * start with + (or 00) and carry a country code. We check shape, not carrier ranges.
 */
export function toE164(input: string): string | null {
  const s = input.normalize('NFKC').trim();
  if (!/^[+\d][\d\s\-().]*$/.test(s)) return null;
  let digits = s.replace(/[\s\-().]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^09\d{8}$/.test(digits)) return `+886${digits.slice(1)}`;
  if (/^\+8860?9\d{8}$/.test(digits)) return `+8869${digits.slice(-8)}`;
  if (/^\+886/.test(digits)) return null; // a Taiwan number that is not a mobile
  if (/^\+[1-9]\d{7,14}$/.test(digits)) return digits;
  return null;
}
