// The shared rate limit's slot reservation (table rate_limits, migrations/0013) on better-sqlite3 and D1.
import { type Database, stmt } from '../database.js';
import type { ReserveSlot } from '../rate-limit.js';

/** The slot reservation on SQLite and D1: one statement, so two callers can never get the same slot. */
export function sqlReserveSlot(db: Database): ReserveSlot {
  return async (name, nowUs, intervalUs, toleranceUs) => {
    const r = await db.batch([
      stmt(
        `INSERT INTO rate_limits (name, next_free_us) VALUES (?, ? - ? + ?)
         ON CONFLICT (name) DO UPDATE SET next_free_us = MAX(rate_limits.next_free_us, ? - ?) + ?
         RETURNING next_free_us`,
        name,
        nowUs,
        toleranceUs,
        intervalUs,
        nowUs,
        toleranceUs,
        intervalUs,
      ),
    ]);
    const next = r.ok ? r.value[0]?.[0]?.next_free_us : undefined;
    if (typeof next !== 'number')
      throw new Error(`rate limit ${name}: no slot reserved (${r.ok ? 'no row' : r.error.kind})`);
    return next - intervalUs;
  };
}
