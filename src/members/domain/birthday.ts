// A birthday as members type it: 1990/5/31, 1990-5-31, 1990.5.31, 19900531, 1990年5月31日 (full-width digits too),
// or the date a LINE datetimepicker returns (1990-05-31). Refused: dates that do not exist (Feb 30), in the future,
// or that would make the member over 120.

export const MAX_AGE_YEARS = 120;

export type BirthdayCheck =
  | { readonly ok: true; readonly date: string }
  | { readonly ok: false; readonly problem: 'format' | 'invalid_date' | 'future' | 'too_old' };

const SEPARATED = /^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$/u;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/u;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日號号]?$/u;

const pad = (n: number) => String(n).padStart(2, '0');

/** The earliest birthday we accept on `today` (YYYY-MM-DD): the same day 120 years before. */
export function oldestBirthday(today: string): string {
  return `${String(Number(today.slice(0, 4)) - MAX_AGE_YEARS).padStart(4, '0')}${today.slice(4)}`;
}

/** `typed` as a birthday on `today` (the program's local date, YYYY-MM-DD). */
export function parseBirthday(typed: string, today: string): BirthdayCheck {
  const s = typed.normalize('NFKC').trim();
  const m = SEPARATED.exec(s) ?? COMPACT.exec(s) ?? CHINESE.exec(s);
  if (!m) return { ok: false, problem: 'format' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || d < 1 || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
    return { ok: false, problem: 'invalid_date' };
  const date = `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`;
  if (date > today) return { ok: false, problem: 'future' };
  if (date < oldestBirthday(today)) return { ok: false, problem: 'too_old' };
  return { ok: true, date };
}
