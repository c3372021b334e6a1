import type { BatchRefusal } from '../kernel/database.js';

/** A database failure that no guard explains: a fault, kept with its cause, surfaced as a 500 at the edge. */
export class DatabaseFault extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseFault';
  }
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
