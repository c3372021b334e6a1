import pino, { type DestinationStream } from 'pino';
import type { Logger } from '../kernel/logger.js';

export type LogFormat = 'pretty' | 'json';

export interface LoggerOptions {
  /** LOG_FORMAT; unset: pretty in development on a terminal, JSON otherwise (production, pipes, files). */
  readonly format?: LogFormat | undefined;
  readonly nodeEnv?: string;
  /** Where JSON lines go (tests capture them); default stdout. */
  readonly destination?: DestinationStream;
}

/** The format in force: LOG_FORMAT, else pretty only outside production when stdout is a terminal. */
export function logFormat(o: LoggerOptions, isTty = Boolean(process.stdout.isTTY)): LogFormat {
  return o.format ?? (o.nodeEnv !== 'production' && isTty && !o.destination ? 'pretty' : 'json');
}

/**
 * Logs on stdout: readable lines (pino-pretty, in a worker thread through pino's transport) in development, JSON
 * lines in production. Personal data stays out: the redaction list covers the fields that could carry names or phone
 * numbers if someone logs an object carelessly.
 */
export function createLogger(level: string, o: LoggerOptions = {}): Logger {
  const options = {
    level,
    redact: {
      paths: ['*.name', '*.phone', '*.phoneE164', '*.displayName', '*.text', 'event.text', 'name', 'phone', 'text'],
      censor: '[redacted]',
    },
  };
  if (logFormat(o) === 'pretty') {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
      },
    });
  }
  return o.destination ? pino(options, o.destination) : pino(options);
}
