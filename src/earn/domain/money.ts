// Money as members read it. Amounts are integer minor units of the program's currency, New Taiwan dollars
// (NT$1 = 100, as the ledger's point values: src/ledger/db/schema.ts value_minor).

/** "NT$50", "NT$1,250", "NT$49.50". */
export function formatMoney(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = abs % 100;
  return `${sign}NT$${whole}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}`;
}
