import type { Clock } from '../kernel/clock.js';
import type { Database, Statement } from '../kernel/database.js';
import { commitAll, executePlan, type Planned } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import { addDays, localDate } from '../kernel/time.js';
import { ISSUANCE, wallet } from '../ledger/domain/accounts.js';
import type { Ledger } from '../ledger/index.js';
import type { SettingsStore } from '../settings/index.js';
import {
  type CheckinRefusalCode,
  type CheckinSettings,
  type CheckinStrip,
  checkinSettingsSchema,
  nextBonus,
  nextStreak,
  streakBonus,
} from './domain/checkin.js';
import type { CheckinStore } from './store.js';

export interface CheckinResult {
  readonly localDate: string;
  readonly streak: number;
  readonly earned: number;
  readonly bonus: number;
  readonly pointType: string;
  readonly next: { day: number; amount: number } | null;
}

export interface CheckinDeps {
  readonly db: Database;
  readonly store: CheckinStore;
  readonly settings: SettingsStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly timeZone: string;
}

const SETTINGS_KEY = 'checkin';

/** The daily check-in: its reward settings, and one check-in per member and local day. */
export class CheckinService {
  constructor(private readonly d: CheckinDeps) {}

  async setCheckinSettings(
    input: unknown,
  ): Promise<Result<CheckinSettings, { code: 'invalid_settings'; message: string }>> {
    const parsed = checkinSettingsSchema.safeParse(input);
    if (!parsed.success)
      return err({ code: 'invalid_settings', message: parsed.error.issues[0]?.message ?? 'invalid' });
    if (!(await this.d.ledger.pointType(parsed.data.pointType))) {
      return err({ code: 'invalid_settings', message: 'unknown point type' });
    }
    await commitAll(this.d.db, [this.d.settings.putSetting(SETTINGS_KEY, parsed.data, this.d.clock.now())]);
    return ok(parsed.data);
  }

  async checkinSettings(): Promise<CheckinSettings | null> {
    const parsed = checkinSettingsSchema.safeParse(await this.d.settings.setting(SETTINGS_KEY));
    return parsed.success ? parsed.data : null;
  }

  /**
   * A check-in: the row (UNIQUE member + local date in the program timezone) and the credit keyed
   * `checkin:<member>:<date>`, plus `streak:<member>:<date>` for a streak bonus, in one batch.
   */
  async planCheckin(memberId: string): Promise<Planned<CheckinResult, CheckinRefusalCode>> {
    const settings = await this.checkinSettings();
    if (!settings) return err({ code: 'not_configured' });
    const now = this.d.clock.now();
    const today = localDate(now, this.d.timeZone);
    const last = await this.d.store.lastCheckin(memberId);
    if (last?.localDate === today) return err({ code: 'already_checked_in' });
    const streak = nextStreak(last ?? null, today);
    const bonus = streakBonus(settings, streak);
    const credits = await this.credits(settings, memberId, today, streak, bonus);
    if (!credits) return err({ code: 'unavailable' });
    return ok({
      statements: [this.d.store.insertCheckin(memberId, today, streak, now), ...credits],
      success: {
        localDate: today,
        streak,
        earned: settings.amount,
        bonus,
        pointType: settings.pointType,
        next: nextBonus(settings, streak),
      },
      refusal: (e) => this.d.store.classify(e),
    });
  }

  async checkinStrip(memberId: string): Promise<CheckinStrip> {
    const today = localDate(this.d.clock.now(), this.d.timeZone);
    const [last, settings] = await Promise.all([this.d.store.lastCheckin(memberId), this.checkinSettings()]);
    const streak = last && (last.localDate === today || last.localDate === addDays(today, -1)) ? last.streak : 0;
    return {
      localDate: today,
      streak,
      next: settings ? nextBonus(settings, streak) : null,
      pointType: settings?.pointType ?? '',
    };
  }

  /** Runs a plan on its own (admin and tests); the chat batches plans with its turn instead. */
  execute<T, E extends string>(planned: Planned<T, E>) {
    return executePlan(this.d.db, planned);
  }

  /** The day's credit and, when the streak earns one, the bonus; undefined when the ledger refuses the credit. */
  private async credits(
    settings: CheckinSettings,
    memberId: string,
    today: string,
    streak: number,
    bonus: number,
  ): Promise<Statement[] | undefined> {
    const credit = (key: string, amount: number, reason: Parameters<Ledger['credit']>[1]['reason']) =>
      this.d.ledger.prepare({
        key,
        pointType: settings.pointType,
        from: ISSUANCE,
        to: wallet(memberId),
        amount,
        reason,
        lifetime: settings.lifetime,
      });
    const base = await credit(`checkin:${memberId}:${today}`, settings.amount, {
      code: 'checkin',
      params: { date: today },
    });
    if (!base.ok) return undefined;
    const statements = [...base.value.statements];
    if (bonus > 0) {
      const extra = await credit(`streak:${memberId}:${today}`, bonus, {
        code: 'streak_bonus',
        params: { day: streak },
      });
      if (extra.ok) statements.push(...extra.value.statements);
    }
    return statements;
  }
}
