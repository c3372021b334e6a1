// The program's key/value settings: what other modules may use.
export { sqlSettingsStore } from './db/settings-sql.js';
export type { SettingsStore } from './store.js';
