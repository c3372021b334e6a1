import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { commitAll } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { Ledger } from '../ledger/index.js';
import type { SettingsStore } from '../settings/index.js';
import { type WelcomeBonus, welcomeBonusSchema } from './domain/welcome-bonus.js';

export interface WelcomeBonusDeps {
  readonly db: Database;
  readonly settings: SettingsStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
}

const SETTINGS_KEY = 'welcome_bonus';

/** The welcome bonus setting; registration (the chat) credits it. */
export class WelcomeBonusService {
  constructor(private readonly d: WelcomeBonusDeps) {}

  /** The welcome gift new members get (program configuration), or null for none. */
  async get(): Promise<WelcomeBonus | null> {
    const parsed = welcomeBonusSchema.safeParse(await this.d.settings.setting(SETTINGS_KEY));
    return parsed.success ? parsed.data : null;
  }

  async set(input: unknown): Promise<Result<WelcomeBonus | null, { code: 'invalid_settings'; message: string }>> {
    const parsed = welcomeBonusSchema.nullable().safeParse(input);
    if (!parsed.success)
      return err({ code: 'invalid_settings', message: parsed.error.issues[0]?.message ?? 'invalid' });
    if (parsed.data && !(await this.d.ledger.pointType(parsed.data.pointType))) {
      return err({ code: 'invalid_settings', message: 'unknown point type' });
    }
    await commitAll(this.d.db, [this.d.settings.putSetting(SETTINGS_KEY, parsed.data, this.d.clock.now())]);
    return ok(parsed.data);
  }
}
