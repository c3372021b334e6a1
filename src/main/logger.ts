import pino from 'pino';
import type { Logger } from '../kernel/logger.js';

/**
 * JSON logs on stdout. Personal data stays out: the redaction list covers the fields that could carry
 * names or phone numbers if someone logs an object carelessly.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.name', '*.phone', '*.phoneE164', '*.displayName', '*.text', 'event.text'],
      censor: '[redacted]',
    },
  });
}
