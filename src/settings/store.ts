import type { Statement } from '../kernel/database.js';

/** The program's key/value settings (check-in reward, welcome bonus, reminders...), each a JSON value. */
export interface SettingsStore {
  /** The stored value, parsed from JSON; undefined when the key was never set. */
  setting(key: string): Promise<unknown>;
  putSetting(key: string, value: unknown, now: number): Statement;
}
