/** The structured logger every module writes to (pino on Node, console lines on Workers). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** Detail for whoever sets LOG_LEVEL=debug (absent on loggers that have no such level). */
  debug?(obj: object, msg?: string): void;
  /** Whether a line at this level would be written (pino has it), so work done only for a log line can be skipped. */
  isLevelEnabled?(level: 'info' | 'warn'): boolean;
}
