// Refunds: a refund of part of a purchase takes back the points it earned in proportion, in ONE batch. The database
// decides what each line is due (floor(points x refunded / amount) less what earlier refunds were due: never more
// than earned, triggers of migrations/0025) and each reversal takes what the wallet can spend of it (never below
// zero, never held points: the ledger's capped debit). What it could not take is the shortfall, in the answer and in
// the member's message. A replayed refund id answers the first refund; another body is refund_conflict.
import type { InboxStore } from '../inbox/index.js';
import type { Clock } from '../kernel/clock.js';
import { sha256 } from '../kernel/crypto.js';
import type { BatchRefusal, Database, Statement } from '../kernel/database.js';
import { err, ok, type Result } from '../kernel/result.js';
import { ISSUANCE } from '../ledger/domain/accounts.js';
import type { Holds, Ledger, WalletBalance } from '../ledger/index.js';
import { type Names, refundNotice, refundReason } from './domain/notice.js';
import { canonicalJson, itemsAddUp, type RefundBody } from './domain/requests.js';
import type { EarningRecord, PurchaseRecord, PurchaseStore, RefundRecord, ShortfallRow } from './store.js';

export interface RefundDeps {
  readonly db: Database;
  readonly store: PurchaseStore;
  readonly ledger: Ledger;
  readonly holds: Holds;
  readonly places: { store(code: string): Promise<{ code: string; names: Names } | undefined> };
  readonly inbox: Pick<InboxStore, 'enqueue'>;
  readonly clock: Clock;
}

export type RefundRefusalCode =
  | 'purchase_not_found'
  | 'items_mismatch'
  | 'unknown_sku'
  | 'refund_conflict'
  | 'refund_exceeds_purchase'
  | 'refund_exceeds_earned';

export interface RefundAnswer {
  readonly refund: { id: string; receipt: string; store: string; amount: number };
  readonly purchase: { amount: number; refundedAmount: number };
  /** Per point type: what the refund was due to take back, what it took, and what the member had already spent. */
  readonly reversed: readonly { pointType: string; due: number; taken: number; shortfall: number }[];
  readonly shortfall: number;
  readonly balances: readonly WalletBalance[];
  readonly replayed: boolean;
}

/** The brand's refund shortfall report: each refund that could not take back all it was due, and totals. */
export interface ShortfallReport {
  readonly refunds: readonly (ShortfallRow & { readonly shortfall: number })[];
  readonly totals: readonly { pointType: string; wanted: number; taken: number; shortfall: number }[];
  /** More refunds matched than `limit`: narrow the period. */
  readonly truncated: boolean;
}

const refused = (code: RefundRefusalCode, field?: string) => err(field ? { code, field } : { code });

export class RefundService {
  constructor(private readonly d: RefundDeps) {}

  /** Refunds in [from, to) (epoch ms) of one brand or all whose reversal took less than it was due. */
  async shortfalls(q: { from: number; to: number; brand?: string; limit?: number }): Promise<ShortfallReport> {
    const limit = q.limit ?? 1000;
    const rows = await this.d.store.refundShortfalls({ ...q, limit: limit + 1 });
    const refunds = rows.slice(0, limit).map((r) => ({ ...r, shortfall: r.wanted - r.taken }));
    const totals = new Map<string, { pointType: string; wanted: number; taken: number; shortfall: number }>();
    for (const r of refunds) {
      const t = totals.get(r.pointType) ?? { pointType: r.pointType, wanted: 0, taken: 0, shortfall: 0 };
      totals.set(r.pointType, {
        ...t,
        wanted: t.wanted + r.wanted,
        taken: t.taken + r.taken,
        shortfall: t.shortfall + r.shortfall,
      });
    }
    return { refunds, totals: [...totals.values()], truncated: rows.length > limit };
  }

  async refund(
    storeCode: string,
    receipt: string,
    body: RefundBody,
  ): Promise<Result<RefundAnswer, { code: RefundRefusalCode; field?: string }>> {
    const purchase = await this.d.store.purchase(storeCode, receipt);
    if (!purchase) return refused('purchase_not_found', 'receipt');
    if (!itemsAddUp(body.amount, body.items)) return refused('items_mismatch', 'items');
    if (!skusKnown(purchase, body)) return refused('unknown_sku', 'items');
    const hash = await sha256(canonicalJson({ amount: body.amount, items: body.items ?? null }));
    const existing = await this.d.store.refund(purchase.id, body.refund);
    if (existing) return this.replay(purchase, existing, hash);
    // A stale read only spares a batch: the trigger decides.
    if (purchase.refundedAmount + body.amount > purchase.amount) return refused('refund_exceeds_purchase', 'amount');
    const statements = await this.plan(purchase, body, hash);
    const r = await this.d.db.batch(statements);
    if (!r.ok) return this.refusal(purchase, body.refund, hash, r.error);
    return ok(await this.answer(purchase, await this.found(purchase.id, body.refund), false));
  }

  private async plan(p: PurchaseRecord, body: RefundBody, hash: string): Promise<Statement[]> {
    const store = await this.d.places.store(p.storeCode);
    const names = store?.names ?? { 'zh-TW': p.storeCode, en: p.storeCode };
    const earnings = await this.d.store.earnings(p.id);
    const reason = refundReason({ store: names, amount: body.amount, receipt: p.receipt, refund: body.refund });
    const statements: Statement[] = [
      this.d.store.insertRefund(p.id, body.refund, body.amount, hash, this.d.clock.now()),
    ];
    const keys: string[] = [];
    for (const e of earnings) {
      const key = reversalKey(p, body.refund, e);
      keys.push(key);
      statements.push(
        this.d.store.insertRefundLine(p.id, body.refund, e.id, key),
        this.d.holds.cappedDebit({
          key,
          memberId: p.memberId,
          pointType: e.pointType,
          to: ISSUANCE,
          reason,
          max: this.d.store.refundLineDue(p.id, body.refund, e.id),
        }),
      );
    }
    statements.push(...(await this.notice(p, names, body, earnings, keys)));
    return statements;
  }

  private async notice(
    p: PurchaseRecord,
    store: Names,
    body: RefundBody,
    earnings: readonly EarningRecord[],
    keys: readonly string[],
  ): Promise<Statement[]> {
    const pointType = earnings[0]?.pointType;
    const target = await this.d.store.notifyTarget(p.memberId);
    if (!target || !pointType) return [];
    const id = crypto.randomUUID();
    const tokens = { takenToken: `[[taken:${id}]]`, balanceToken: `[[balance:${id}]]` };
    // The shortfall (points the member had spent) is in the refund's answer and the brand's report, not in this message.
    const units = (await this.d.ledger.pointType(pointType))?.units;
    const reply = refundNotice({ language: target.language, store, amount: body.amount, ...tokens, units });
    const facts = [
      { token: tokens.takenToken, expr: this.d.holds.transferredText(keys) },
      { token: tokens.balanceToken, expr: this.d.holds.spendableText(p.memberId, pointType) },
    ];
    const item = { inboxId: null, ...target, replyToken: null, replies: [reply], retryKey: crypto.randomUUID() };
    return [this.d.inbox.enqueue(item, this.d.clock.now(), facts)];
  }

  private async refusal(
    p: PurchaseRecord,
    refundCode: string,
    hash: string,
    e: BatchRefusal,
  ): Promise<Result<RefundAnswer, { code: RefundRefusalCode; field?: string }>> {
    if (this.d.store.isRefundTaken(e)) {
      const existing = await this.d.store.refund(p.id, refundCode);
      if (existing) return this.replay(p, existing, hash);
    }
    const code = this.d.store.classify(e);
    if (code === 'refund_exceeds_purchase') return refused(code, 'amount');
    if (code) return refused(code);
    throw new Error(`refund refused: ${e.kind === 'unique' ? e.target : e.code}`);
  }

  private async replay(
    p: PurchaseRecord,
    existing: RefundRecord,
    hash: string,
  ): Promise<Result<RefundAnswer, { code: RefundRefusalCode; field?: string }>> {
    if (existing.requestHash !== hash) return refused('refund_conflict', 'refund');
    return ok(await this.answer(p, existing, true));
  }

  private async answer(p: PurchaseRecord, r: RefundRecord, replayed: boolean): Promise<RefundAnswer> {
    const now = await this.d.store.purchase(p.storeCode, p.receipt);
    const byType = new Map<string, { pointType: string; due: number; taken: number; shortfall: number }>();
    for (const line of r.lines) {
      const taken = (await this.d.ledger.transferByKey(line.transferKey))?.amount ?? 0;
      const row = byType.get(line.pointType) ?? { pointType: line.pointType, due: 0, taken: 0, shortfall: 0 };
      byType.set(line.pointType, {
        pointType: line.pointType,
        due: row.due + line.due,
        taken: row.taken + taken,
        shortfall: row.shortfall + line.due - taken,
      });
    }
    const reversed = [...byType.values()];
    return {
      refund: { id: r.refundCode, receipt: p.receipt, store: p.storeCode, amount: r.amount },
      purchase: { amount: p.amount, refundedAmount: now?.refundedAmount ?? p.refundedAmount },
      reversed,
      shortfall: reversed.reduce((s, x) => s + x.shortfall, 0),
      balances: await this.d.ledger.balances(p.memberId),
      replayed,
    };
  }

  private async found(purchaseId: number, refundCode: string): Promise<RefundRecord> {
    const r = await this.d.store.refund(purchaseId, refundCode);
    if (!r) throw new Error(`refund ${refundCode} committed but not found`);
    return r;
  }
}

function reversalKey(p: PurchaseRecord, refundCode: string, e: EarningRecord): string {
  return `refund:${p.storeCode}:${p.receipt}:${refundCode}:${e.seq}`;
}

/** A refund's items name items of the purchase (by SKU); a purchase recorded without items takes none. */
function skusKnown(p: PurchaseRecord, body: RefundBody): boolean {
  if (!body.items) return true;
  const skus = new Set((p.detail.items ?? []).map((i) => (i as { sku?: unknown }).sku));
  return body.items.every((i) => skus.has(i.sku));
}
