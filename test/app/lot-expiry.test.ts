// DailyLotExpiry (src/ledger/domain/point-type.ts) remembers a lot's expiry per local day so a credit does not
// format dates in a timezone every time. It must answer every instant exactly as lotExpiresAt does: across local
// midnights, DST changes (including ones at midnight and half-hour ones), a skipped calendar day, and clocks that
// go back as well as forward (the same Ledger serves a ManualClock in tests and replays).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/kernel/time.js';
import { DailyLotExpiry, type LotLifetime, lotExpiresAt } from '../../src/ledger/domain/point-type.js';

const ZONES = [
  'Asia/Taipei',
  'UTC',
  'America/New_York',
  'Europe/London',
  'America/Santiago', // DST changes at local midnight
  'America/Havana', // DST changes at local midnight
  'Australia/Lord_Howe', // a half-hour DST shift
  'Pacific/Apia', // skipped 2011-12-30 entirely
] as const;

const lifetime: fc.Arbitrary<LotLifetime> = fc.oneof(
  fc.record({ kind: fc.constant('days' as const), days: fc.integer({ min: 1, max: 800 }) }),
  fc.constantFrom<LotLifetime>({ kind: 'end_of_month' }, { kind: 'end_of_year' }, { kind: 'never' }),
);

// 2011-12-25 .. 2012-01-05 (Apia's skipped day), and around DST changes of the other zones in 2025-2026.
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2011, 11, 25), max: Date.UTC(2012, 0, 5) }),
  fc.integer({ min: Date.UTC(2025, 2, 1), max: Date.UTC(2025, 4, 1) }),
  fc.integer({ min: Date.UTC(2025, 8, 1), max: Date.UTC(2025, 10, 15) }),
  fc.integer({ min: Date.UTC(2026, 2, 1), max: Date.UTC(2026, 3, 15) }),
);

describe('DailyLotExpiry', () => {
  it('answers like lotExpiresAt for any sequence of instants, in every timezone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(fc.tuple(lifetime, instant), { minLength: 1, maxLength: 40 }),
        (zone, credits) => {
          const daily = new DailyLotExpiry(zone);
          for (const [l, t] of credits)
            expect(daily.at(l, t), `${zone} ${new Date(t).toISOString()}`).toBe(lotExpiresAt(l, t, zone));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers like lotExpiresAt every ten minutes across local midnights and DST changes', () => {
    const l: LotLifetime = { kind: 'days', days: 30 };
    for (const zone of ZONES) {
      const daily = new DailyLotExpiry(zone);
      for (const start of [Date.UTC(2011, 11, 28), Date.UTC(2025, 2, 7), Date.UTC(2025, 9, 24), Date.UTC(2026, 3, 3)]) {
        for (let t = start; t < start + 4 * DAY_MS; t += 600_000 + 7) {
          expect(daily.at(l, t), `${zone} ${new Date(t).toISOString()}`).toBe(lotExpiresAt(l, t, zone));
        }
      }
    }
  });

  it('remembers one day: the same answer for every credit of that day, a new one the next', () => {
    const daily = new DailyLotExpiry('Asia/Taipei');
    const l: LotLifetime = { kind: 'days', days: 1 };
    const morning = Date.UTC(2026, 2, 1, 1, 0, 0); // 09:00 in Taipei
    const first = daily.at(l, morning);
    expect(daily.at(l, morning + 14 * 3_600_000)).toBe(first); // 23:00 the same day
    expect(daily.at(l, morning + 15 * 3_600_000)).toBe((first ?? 0) + DAY_MS); // 00:00 the next day
    expect(daily.at(l, morning)).toBe(first); // and back
  });
});
