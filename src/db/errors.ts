import type { BatchRefusal } from '../kernel/database.js';

/**
 * A database failure that no guard explains: a fault, kept with its cause, surfaced as a 500 at the edge.
 * `transient` when the database was busy, locked or failed to read or write (the same work may succeed later:
 * the inbox retries such a turn instead of giving it up); see isTransientFault in the kernel.
 */
export class DatabaseFault extends Error {
  readonly transient: boolean;
  constructor(message: string, options?: { cause?: unknown; transient?: boolean }) {
    super(message, options);
    this.name = 'DatabaseFault';
    this.transient = options?.transient ?? isTransientDatabaseError(options?.cause);
  }
}

// SQLite's result codes for "not now" (better-sqlite3 puts them in `code`, D1 in the message), and D1's own words
// for a lost connection, an overloaded or reset database, which Cloudflare documents as worth retrying.
const TRANSIENT =
  /SQLITE_(BUSY|LOCKED|IOERR|PROTOCOL|FULL|NOMEM)|database is locked|database table is locked|disk I\/O error|Network connection lost|overloaded|object to be reset|storage operation exceeded timeout/i;

/** True when a driver's error means the database could not do it now (busy, locked, I/O), not that it refused. */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === 'string' && TRANSIENT.test(code)) return true;
  return error !== undefined && TRANSIENT.test(errorText(error));
}

/** better-sqlite3's SQLITE_BUSY family: another connection holds the lock (worth waiting for, asynchronously). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const UNIQUE = /UNIQUE constraint failed: ([\w.,\s]+?)(?::\s*SQLITE_|$|\s*\()/;
const CHECK = /CHECK constraint failed: (\w+)/;
// Trigger codes are snake_case words; D1 wraps them ("D1_ERROR: insufficient_points: SQLITE_CONSTRAINT").
const RAISED = /(?:^|D1_ERROR: |Error: )([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?::|$)/;

/**
 * Translate what better-sqlite3 or D1 threw into a refusal the use case can act on, or undefined when it is a
 * fault. Both drivers put SQLite's own message into the error text, in slightly different wrappers.
 */
export function classifyDatabaseError(error: unknown): BatchRefusal | undefined {
  const message = errorText(error);
  const unique = UNIQUE.exec(message);
  if (unique?.[1]) return { kind: 'unique', target: unique[1].replace(/\s+/g, '') };
  const check = CHECK.exec(message);
  if (check?.[1]) return { kind: 'refused', code: check[1] };
  const raised = RAISED.exec(message.trim());
  if (raised?.[1]) return { kind: 'refused', code: raised[1] };
  return undefined;
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let i = 0; e && i < 4; i++) {
    if (e instanceof Error) {
      parts.push(e.message);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join('\n');
}
