// Purchases through the store API: what the earn rules give (src/earn's evaluation), credited in ONE batch with the
// purchase row, the capture of a hold the purchase names, and the message to the member (an outbox row whose balance
// the batch fills in). Idempotent by (store, receipt): the database's UNIQUE key decides; a replay answers the
// first purchase, the same receipt with another body is receipt_conflict.
import type { EarnLine, EarnService } from '../earn/index.js';
import type { InboxStore } from '../inbox/index.js';
import type { Clock } from '../kernel/clock.js';
import { sha256 } from '../kernel/crypto.js';
import type { BatchRefusal, Database, Statement } from '../kernel/database.js';
import { err, ok, type Result } from '../kernel/result.js';
import { ISSUANCE } from '../ledger/domain/accounts.js';
import { isLedgerRefusalCode } from '../ledger/domain/errors.js';
import type { Holds, Ledger, PreparedCapture, WalletBalance } from '../ledger/index.js';
import { type Names, purchaseNotice, purchaseReason, storeSpendReason } from './domain/notice.js';
import { canonicalJson, instantMs, itemsAddUp, type PurchaseBody } from './domain/requests.js';
import type { MemberRefusalCode, MemberResolver } from './members.js';
import type { EarnedLine, MemberRecord, PurchaseDetail, PurchaseRecord, PurchaseStore } from './store.js';

/** A POS clock a little ahead of ours is not "in the future". */
export const CLOCK_SKEW_MS = 60_000;

export interface PurchaseDeps {
  readonly db: Database;
  readonly store: PurchaseStore;
  readonly ledger: Ledger;
  readonly holds: Holds;
  readonly earn: Pick<EarnService, 'quote'>;
  readonly places: { store(code: string): Promise<{ code: string; names: Names } | undefined> };
  readonly inbox: Pick<InboxStore, 'enqueue'>;
  readonly members: MemberResolver;
  readonly clock: Clock;
  /** How far back `at` may lie (late sync). */
  readonly lateMs: number;
}

export type PurchaseRefusalCode =
  | MemberRefusalCode
  | 'items_mismatch'
  | 'at_in_future'
  | 'at_too_old'
  | 'receipt_conflict'
  | 'store_not_found'
  | 'hold_not_found'
  | 'hold_captured'
  | 'hold_voided'
  | 'hold_expired'
  | 'hold_wrong_member'
  | 'capture_exceeds_hold'
  | 'insufficient_points'
  | 'point_type_not_issuing';

export interface PurchaseRefusal {
  readonly code: PurchaseRefusalCode;
  readonly field?: string;
}

export interface PurchaseAnswer {
  readonly purchase: { receipt: string; store: string; amount: number; refundedAmount: number; at: number };
  readonly member: { code: string };
  readonly earned: readonly Omit<EarnedLine, 'seq' | 'transferKey'>[];
  readonly offset: PurchaseDetail['offset'];
  readonly balances: readonly WalletBalance[];
  readonly replayed: boolean;
}

interface Checked {
  readonly member: MemberRecord;
  readonly at: number;
  readonly hash: string;
}

const refusal = (code: PurchaseRefusalCode, field?: string): PurchaseRefusal => (field ? { code, field } : { code });

export class PurchaseService {
  constructor(private readonly d: PurchaseDeps) {}

  async purchase(storeCode: string, body: PurchaseBody): Promise<Result<PurchaseAnswer, PurchaseRefusal>> {
    const checked = await this.check(storeCode, body);
    if (!checked.ok) return checked;
    const existing = await this.d.store.purchase(storeCode, body.receipt);
    if (existing) return this.replay(existing, checked.value.hash);
    const planned = await this.plan(storeCode, body, checked.value);
    if (!planned.ok) return planned;
    const r = await this.d.db.batch(planned.value.statements);
    if (!r.ok) return this.refused(storeCode, body, checked.value.hash, planned.value.capture, r.error);
    const recorded = await this.d.store.purchase(storeCode, body.receipt);
    if (!recorded) throw new Error(`purchase ${storeCode}/${body.receipt} committed but not found`);
    return ok(await this.answer(recorded, false));
  }

  /** The purchase as recorded, if any (the refunds look it up too). */
  recorded(storeCode: string, receipt: string): Promise<PurchaseRecord | undefined> {
    return this.d.store.purchase(storeCode, receipt);
  }

  private async check(storeCode: string, body: PurchaseBody): Promise<Result<Checked, PurchaseRefusal>> {
    if (!itemsAddUp(body.amount, body.items)) return err(refusal('items_mismatch', 'items'));
    const now = this.d.clock.now();
    const at = body.at === undefined ? now : instantMs(body.at);
    if (at > now + CLOCK_SKEW_MS) return err(refusal('at_in_future', 'at'));
    if (at < now - this.d.lateMs) return err(refusal('at_too_old', 'at'));
    const member = await this.d.members.resolve(storeCode, body.member);
    if (!member.ok) return err(refusal(member.error.code, member.error.field));
    const hold = typeof body.hold === 'string' ? { id: body.hold } : (body.hold ?? null);
    const request = {
      member: member.value.id,
      amount: body.amount,
      items: body.items ?? null,
      at: body.at === undefined ? null : at,
      hold,
    };
    return ok({ member: member.value, at, hash: await sha256(canonicalJson(request)) });
  }

  private async plan(storeCode: string, body: PurchaseBody, c: Checked) {
    const store = await this.d.places.store(storeCode);
    if (!store) return err(refusal('store_not_found'));
    const quote = await this.d.earn.quote({
      store: storeCode,
      member: { id: c.member.id },
      amount: body.amount,
      ...(body.items && { items: body.items }),
      at: c.at,
    });
    if (!quote.ok) return err(refusal(quote.error.code, quote.error.field));
    const capture = await this.prepareCapture(storeCode, body, c.member, store.names);
    if (!capture.ok) return capture;
    const earned = quote.value.earned.map((line, i) => earnedLine(storeCode, body.receipt, line, i + 1));
    const offset = capture.value && {
      hold: capture.value.hold.key.slice(`store:${storeCode}:`.length),
      pointType: capture.value.hold.pointType,
      points: capture.value.points,
      valueMinor: capture.value.valueMinor,
    };
    const detail: PurchaseDetail = { items: body.items ?? null, earned, offset };
    const now = this.d.clock.now();
    const statements: Statement[] = [
      this.d.store.insertPurchase({
        storeCode,
        receipt: body.receipt,
        memberId: c.member.id,
        amount: body.amount,
        at: c.at,
        requestHash: c.hash,
        detail,
        createdAt: now,
      }),
      ...(capture.value?.statements ?? []),
    ];
    for (const [i, line] of earned.entries()) {
      statements.push(this.d.store.insertEarning(storeCode, body.receipt, { ...line, ruleCode: line.rule.code }));
      statements.push(...(await this.credit(c.member.id, line, quote.value.earned[i], store.names, body)));
    }
    statements.push(...(await this.notice(c.member.id, store.names, body.amount, earned, offset)));
    return ok({ statements, capture: capture.value });
  }

  private async credit(
    memberId: string,
    line: EarnedLine,
    source: EarnLine | undefined,
    store: Names,
    body: PurchaseBody,
  ): Promise<Statement[]> {
    const prepared = await this.d.ledger.prepare({
      key: line.transferKey,
      pointType: line.pointType,
      from: ISSUANCE,
      to: { kind: 'wallet', memberId },
      amount: line.points,
      reason: purchaseReason({ store, amount: body.amount, receipt: body.receipt, line }),
      ...(source?.lifetime && { lifetime: source.lifetime }),
    });
    if (!prepared.ok) throw new Error(`purchase credit refused before the batch: ${prepared.error.code}`);
    return prepared.value.statements;
  }

  private async prepareCapture(
    storeCode: string,
    body: PurchaseBody,
    member: MemberRecord,
    store: Names,
  ): Promise<Result<(PreparedCapture & { valueMinor: number }) | null, PurchaseRefusal>> {
    if (body.hold === undefined) return ok(null);
    const ref = typeof body.hold === 'string' ? { id: body.hold } : body.hold;
    const key = `store:${storeCode}:${ref.id}`;
    const hold = await this.d.holds.hold(key);
    if (!hold) return err(refusal('hold_not_found', 'hold'));
    const points = ref.points ?? hold.amount;
    const valueMinor = points * ((await this.d.ledger.pointType(hold.pointType))?.valueMinor ?? 0);
    const prepared = await this.d.holds.prepareCapture({
      key,
      points,
      memberId: member.id,
      reason: storeSpendReason({ store, valueMinor, receipt: body.receipt }),
    });
    if (!prepared.ok) return err(refusal(holdCode(prepared.error.code), 'hold'));
    return ok({ ...prepared.value, valueMinor });
  }

  private async notice(
    memberId: string,
    store: Names,
    amount: number,
    earned: readonly EarnedLine[],
    offset: PurchaseDetail['offset'],
  ): Promise<Statement[]> {
    const target = await this.d.store.notifyTarget(memberId);
    const pointType = earned[0]?.pointType ?? offset?.pointType ?? (await this.d.ledger.pointTypes())[0]?.code;
    if (!target || !pointType) return [];
    const balanceToken = `[[balance:${crypto.randomUUID()}]]`;
    const units = (await this.d.ledger.pointType(pointType))?.units;
    const reply = purchaseNotice({ language: target.language, store, amount, earned, offset, balanceToken, units });
    const item = { inboxId: null, ...target, replyToken: null, replies: [reply], retryKey: crypto.randomUUID() };
    const fact = { token: balanceToken, expr: this.d.holds.spendableText(memberId, pointType) };
    return [this.d.inbox.enqueue(item, this.d.clock.now(), [fact])];
  }

  private async refused(
    storeCode: string,
    body: PurchaseBody,
    hash: string,
    capture: PreparedCapture | null,
    e: BatchRefusal,
  ): Promise<Result<PurchaseAnswer, PurchaseRefusal>> {
    if (this.d.store.isReceiptTaken(e)) {
      const existing = await this.d.store.purchase(storeCode, body.receipt);
      if (existing) return this.replay(existing, hash);
    }
    // A credit outside the point type's issuing window; anything else a capture's (the only debit in the batch).
    if (e.kind === 'refused' && e.code === 'point_type_not_issuing') return err(refusal(e.code));
    if (capture) {
      const held = await this.d.holds.captureRefused(capture.hold.key, capture.points, e);
      return err(refusal(held.ok ? 'hold_captured' : holdCode(held.error.code), 'hold'));
    }
    const what = e.kind === 'unique' ? e.target : e.code;
    throw new Error(
      `purchase refused: ${what}${e.kind === 'refused' && isLedgerRefusalCode(e.code) ? ' (ledger)' : ''}`,
    );
  }

  private async replay(existing: PurchaseRecord, hash: string): Promise<Result<PurchaseAnswer, PurchaseRefusal>> {
    if (existing.requestHash !== hash) return err(refusal('receipt_conflict', 'receipt'));
    return ok(await this.answer(existing, true));
  }

  private async answer(p: PurchaseRecord, replayed: boolean): Promise<PurchaseAnswer> {
    return {
      purchase: {
        receipt: p.receipt,
        store: p.storeCode,
        amount: p.amount,
        refundedAmount: p.refundedAmount,
        at: p.at,
      },
      member: { code: p.memberCode },
      earned: p.detail.earned.map(({ seq: _seq, transferKey: _key, ...line }) => line),
      offset: p.detail.offset,
      balances: await this.d.ledger.balances(p.memberId),
      replayed,
    };
  }
}

function earnedLine(storeCode: string, receipt: string, line: EarnLine, seq: number): EarnedLine {
  return {
    seq,
    pointType: line.pointType,
    points: line.points,
    base: line.base,
    rule: { code: line.rule.code, names: line.rule.names },
    multiplier: line.multiplier && {
      code: line.multiplier.code,
      names: line.multiplier.names,
      factor: line.multiplier.factor,
    },
    transferKey: `pos:${storeCode}:${receipt}:${seq}`,
  };
}

type HoldCode = Extract<PurchaseRefusalCode, `hold_${string}` | 'capture_exceeds_hold' | 'insufficient_points'>;

function holdCode(code: string): HoldCode {
  switch (code) {
    case 'hold_not_found':
    case 'hold_captured':
    case 'hold_voided':
    case 'hold_expired':
    case 'hold_wrong_member':
    case 'capture_exceeds_hold':
    case 'insufficient_points':
      return code;
    default:
      throw new Error(`unexpected hold refusal in a purchase: ${code}`);
  }
}
