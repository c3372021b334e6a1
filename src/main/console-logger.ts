import type { Logger } from '../kernel/logger.js';

/** Workers have no pino transport; console.* lines with a JSON payload show up in `wrangler tail` and Logpush. */
export function consoleLogger(level: string): Logger {
  const quiet = level === 'silent';
  const errorsOnly = level === 'error' || level === 'fatal';
  const line = (obj: object) => {
    const o = obj as { err?: unknown };
    return o.err instanceof Error ? { ...obj, err: { name: o.err.name, message: o.err.message } } : obj;
  };
  return {
    info: (obj, msg) => {
      if (!quiet && !errorsOnly && level !== 'warn') console.log(JSON.stringify({ level: 'info', msg, ...line(obj) }));
    },
    warn: (obj, msg) => {
      if (!quiet && !errorsOnly) console.warn(JSON.stringify({ level: 'warn', msg, ...line(obj) }));
    },
    error: (obj, msg) => {
      if (!quiet) console.error(JSON.stringify({ level: 'error', msg, ...line(obj) }));
    },
  };
}
