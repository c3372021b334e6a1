// Times in the admin API: ISO 8601 instants with an offset ("2026-12-05T10:00:00+08:00" or "...Z") in, epoch ms
// inside, ISO 8601 (UTC, Z) out. Anything else (epoch numbers, seconds, a time without an offset, Feb 30) is refused
// with 400 `invalid_time`, the field named and an example (see the admin router's validation hook).
import { z } from '@hono/zod-openapi';

export const TIME_EXAMPLE = '2026-12-05T10:00:00+08:00';
export const INVALID_TIME = 'invalid_time';
const MESSAGE = `must be an ISO 8601 time with an offset, e.g. "${TIME_EXAMPLE}" or "2026-12-05T02:00:00Z"`;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Epoch ms of an ISO 8601 instant with an offset, or undefined (no offset, out of range, not a calendar date). */
export function parseIsoInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone, oh, om] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59 || Number(oh ?? 0) > 14 || Number(om ?? 0) > 59)
    return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  // The calendar date as written must exist (Date.parse may roll Feb 30 over into March).
  const offsetMin = zone === 'Z' ? 0 : (zone?.startsWith('-') ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);
  return local === `${y}-${mo}-${d}` ? ms : undefined;
}

/** An ISO 8601 instant with an offset in, epoch ms out. */
export const isoInstant = z
  .unknown()
  .transform((value, ctx) => {
    const ms = parseIsoInstant(value);
    if (ms !== undefined) return ms;
    ctx.addIssue({ code: 'custom', message: MESSAGE, params: { code: INVALID_TIME } });
    return z.NEVER;
  })
  .openapi({ type: 'string', format: 'date-time', example: TIME_EXAMPLE, description: MESSAGE });

/** Epoch ms as ISO 8601 (UTC). */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The answer schema of a time. */
export const isoTimeAnswer = z.string().openapi({ format: 'date-time', example: '2026-12-05T02:00:00.000Z' });

/** The stable code of a validation issue: `invalid_time` for a time, else the target's own code. */
export function issueCode(issue: object | undefined, fallback: string): string {
  const params = (issue as { params?: { code?: unknown } } | undefined)?.params;
  return params?.code === INVALID_TIME ? INVALID_TIME : fallback;
}
