// Checkout offset at the till: what the member's points can pay of a purchase (the quote), and the holds that
// reserve them until the purchase captures them (the ledger's two-phase transfer: src/ledger/holds.ts). A store's
// hold ids are its own: the ledger keys them `store:<store>:<hold>`.
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/database.js';
import { commitAll } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import {
  type HoldRecord,
  type HoldRefusalCode,
  type Holds,
  holdStatusAt,
  type Ledger,
  type WalletBalance,
} from '../ledger/index.js';
import type { SettingsStore } from '../settings/index.js';
import { type Names, storeSpendReason } from './domain/notice.js';
import {
  OFFSET_SETTINGS_KEY,
  type OffsetOption,
  type OffsetSettings,
  offsetQuote,
  offsetSettingsSchema,
} from './domain/offset.js';
import type { HoldBody, MemberRefInput } from './domain/requests.js';
import type { MemberRefusalCode, MemberResolver } from './members.js';

export interface CheckoutDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly holds: Holds;
  readonly settings: SettingsStore;
  readonly members: MemberResolver;
  readonly places: { store(code: string): Promise<{ code: string; names: Names } | undefined> };
  readonly clock: Clock;
}

export type CheckoutRefusalCode = MemberRefusalCode | HoldRefusalCode | 'unknown_point_type' | 'invalid_offset';
export type CheckoutRefusal = { readonly code: CheckoutRefusalCode; readonly field?: string };

export interface HoldView {
  readonly id: string;
  readonly member: { code: string } | null;
  readonly pointType: string;
  readonly points: number;
  /** As it stands now: a pending hold past its expiry reads `expired`. */
  readonly status: string;
  readonly captured: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly settledAt: number | null;
}

export interface HoldAnswer {
  readonly hold: HoldView;
  readonly balances: readonly WalletBalance[];
  readonly replayed: boolean;
}

export interface QuoteAnswer {
  readonly member: { code: string };
  readonly amount: number;
  /** The first point type that can pay something (or null), then every option. */
  readonly best: OffsetOption | null;
  readonly options: readonly OffsetOption[];
}

const holdKey = (storeCode: string, id: string) => `store:${storeCode}:${id}`;

export class CheckoutService {
  constructor(private readonly d: CheckoutDeps) {}

  /** The checkout offset settings (none: no point type pays). */
  async offsetSettings(): Promise<OffsetSettings> {
    const parsed = offsetSettingsSchema.safeParse((await this.d.settings.setting(OFFSET_SETTINGS_KEY)) ?? {});
    return parsed.success ? parsed.data : { pointTypes: [] };
  }

  /** Replaces the checkout offset settings; a point type they name must exist. */
  async setOffsetSettings(input: unknown): Promise<Result<OffsetSettings, CheckoutRefusal>> {
    const parsed = offsetSettingsSchema.safeParse(input);
    if (!parsed.success) return err({ code: 'invalid_offset', field: parsed.error.issues[0]?.path.join('.') ?? '' });
    const known = new Set((await this.d.ledger.pointTypes()).map((p) => p.code));
    const unknown = parsed.data.pointTypes.findIndex((p) => !known.has(p.pointType));
    if (unknown >= 0) return err({ code: 'unknown_point_type', field: `pointTypes.${unknown}.pointType` });
    await commitAll(this.d.db, [this.d.settings.putSetting(OFFSET_SETTINGS_KEY, parsed.data, this.d.clock.now())]);
    return ok(parsed.data);
  }

  /** What the member's points can pay of `amount` here: points and their money value, per point type. */
  async quote(storeCode: string, ref: MemberRefInput, amount: number): Promise<Result<QuoteAnswer, CheckoutRefusal>> {
    const member = await this.d.members.resolve(storeCode, ref);
    if (!member.ok) return err(member.error);
    const [balances, pointTypes, settings] = await Promise.all([
      this.d.ledger.balances(member.value.id),
      this.d.ledger.pointTypes(),
      this.offsetSettings(),
    ]);
    const options = offsetQuote({
      settings,
      pointTypes,
      available: new Map(balances.map((b) => [b.pointType, b.available])),
      amount,
    });
    return ok({
      member: { code: member.value.memberCode },
      amount,
      best: options.find((o) => o.points > 0) ?? null,
      options,
    });
  }

  async place(storeCode: string, body: HoldBody): Promise<Result<HoldAnswer, CheckoutRefusal>> {
    const member = await this.d.members.resolve(storeCode, body.member);
    if (!member.ok) return err(member.error);
    if (!(await this.d.ledger.pointType(body.pointType)))
      return err({ code: 'unknown_point_type', field: 'pointType' });
    const r = await this.d.holds.place({
      key: holdKey(storeCode, body.hold),
      memberId: member.value.id,
      pointType: body.pointType,
      points: body.points,
      seconds: body.expiresInSeconds,
      params: { store: storeCode },
    });
    if (!r.ok) return err({ code: r.error.code, ...(r.error.code === 'insufficient_points' && { field: 'points' }) });
    return ok(await this.answer(storeCode, r.value.hold, r.value.replayed, member.value.memberCode));
  }

  async capture(
    storeCode: string,
    id: string,
    body: { points: number; receipt?: string | undefined },
  ): Promise<Result<HoldAnswer, CheckoutRefusal>> {
    const key = holdKey(storeCode, id);
    const hold = await this.d.holds.hold(key);
    if (!hold) return err({ code: 'hold_not_found' });
    const store = await this.d.places.store(storeCode);
    const valueMinor = body.points * ((await this.d.ledger.pointType(hold.pointType))?.valueMinor ?? 0);
    const r = await this.d.holds.capture({
      key,
      points: body.points,
      reason: storeSpendReason({
        store: store?.names ?? { 'zh-TW': storeCode, en: storeCode },
        valueMinor,
        receipt: body.receipt ?? null,
      }),
    });
    if (!r.ok) return err({ code: r.error.code, ...(r.error.code === 'capture_exceeds_hold' && { field: 'points' }) });
    return ok(await this.answer(storeCode, r.value.hold, r.value.replayed));
  }

  async void(storeCode: string, id: string): Promise<Result<HoldAnswer, CheckoutRefusal>> {
    const r = await this.d.holds.void(holdKey(storeCode, id));
    if (!r.ok) return err({ code: r.error.code });
    return ok(await this.answer(storeCode, r.value.hold, r.value.replayed));
  }

  async hold(storeCode: string, id: string): Promise<Result<HoldAnswer, CheckoutRefusal>> {
    const h = await this.d.holds.hold(holdKey(storeCode, id));
    if (!h) return err({ code: 'hold_not_found' });
    return ok(await this.answer(storeCode, h, false));
  }

  private async answer(storeCode: string, h: HoldRecord, replayed: boolean, known?: string): Promise<HoldAnswer> {
    const memberCode = known ?? (await this.d.members.memberCode(h.memberId));
    return {
      hold: {
        id: h.key.slice(holdKey(storeCode, '').length),
        member: memberCode ? { code: memberCode } : null,
        pointType: h.pointType,
        points: h.amount,
        status: holdStatusAt(h, this.d.clock.now()),
        captured: h.captured,
        createdAt: h.createdAt,
        expiresAt: h.expiresAt,
        settledAt: h.settledAt,
      },
      balances: await this.d.ledger.balances(h.memberId),
      replayed,
    };
  }
}
