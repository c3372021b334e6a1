import type { Clock } from '../kernel/clock.js';
import type { Database, Statement } from '../kernel/database.js';
import { executePlan, type Planned } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import { localDate } from '../kernel/time.js';
import { campaignBudget, ISSUANCE, wallet } from '../ledger/domain/accounts.js';
import type { Ledger } from '../ledger/index.js';
import { type ClaimRefusalCode, type GiveawayInput, giveawaySchema } from './domain/giveaway.js';
import type { GiveawayStore, GiveawayView } from './store.js';

export interface ClaimResult {
  readonly giveaway: GiveawayView;
  /**
   * Stands for the budget left right after this claim in text the chat stores with the claim: the plan's fact
   * replaces it with the balance read inside the committing batch, so concurrent claims cannot make it stale.
   */
  readonly budgetLeftToken: string;
  /** Stands for the claims left after this one ("196"), read inside the committing batch. */
  readonly claimsLeftToken: string;
  /** Stands for the member's balance of the giveaway's point type after this claim. */
  readonly balanceToken: string;
}

export type ClaimCode = ClaimRefusalCode;

export interface GiveawayDeps {
  readonly db: Database;
  readonly store: GiveawayStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly timeZone: string;
}

/** Flash giveaways: each funded with its budget at creation, claimed from that budget. */
export class GiveawayService {
  constructor(private readonly d: GiveawayDeps) {}

  /** Creates a giveaway and funds its budget account with the cap, in one batch. */
  async defineGiveaway(input: GiveawayInput): Promise<Result<GiveawayView, { code: string; message: string }>> {
    const parsed = giveawaySchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err({ code: 'invalid_giveaway', message: `${issue?.path.join('.')}: ${issue?.message}` });
    }
    const g = parsed.data;
    if (!(await this.d.ledger.pointType(g.pointType)))
      return err({ code: 'unknown_point_type', message: 'no such point type' });
    const existing = await this.d.store.giveaway(g.code);
    const now = this.d.clock.now();
    const statements: Statement[] = [this.d.store.upsertGiveaway(g, now)];
    if (!existing) {
      const fund = await this.d.ledger.prepare({
        key: `fund:giveaway:${g.code}`,
        pointType: g.pointType,
        from: ISSUANCE,
        to: campaignBudget(g.code),
        amount: g.budget,
        reason: { code: 'budget_funding', params: { giveaway: g.code } },
      });
      if (!fund.ok) return err({ code: fund.error.code, message: fund.error.message });
      statements.push(
        this.d.ledger.openAccountStatement(campaignBudget(g.code), g.pointType),
        ...fund.value.statements,
      );
    }
    const r = await this.d.db.batch(statements);
    if (!r.ok) return err({ code: r.error.kind === 'refused' ? r.error.code : 'conflict', message: 'refused' });
    const view = await this.d.store.giveaway(g.code);
    if (!view) throw new Error('giveaway vanished');
    return ok(view);
  }

  liveGiveaways(): Promise<GiveawayView[]> {
    return this.d.store.liveGiveaways(this.d.clock.now());
  }

  /** The member's claims today and in all, per giveaway code. */
  async memberClaims(memberId: string): Promise<Map<string, { today: number; total: number }>> {
    const rows = await this.d.store.memberClaims(memberId, localDate(this.d.clock.now(), this.d.timeZone));
    return new Map(rows.map((r) => [r.code, { today: Number(r.today), total: Number(r.total) }]));
  }

  giveaway(code: string): Promise<GiveawayView | undefined> {
    return this.d.store.giveaway(code);
  }

  /**
   * A claim: the claim row (its trigger checks window, audience, budget left, daily and total limits) and the
   * transfer from the giveaway's budget (which can't go below zero), in one batch. `tapKey` makes a repeated
   * tap or a redelivered event claim once.
   */
  async planClaim(memberId: string, code: string, tapKey: string): Promise<Planned<ClaimResult, ClaimCode>> {
    const giveaway = await this.d.store.giveaway(code.toUpperCase());
    if (!giveaway) return err({ code: 'unknown_giveaway' });
    const now = this.d.clock.now();
    const today = localDate(now, this.d.timeZone);
    const transferKey = `claim:${giveaway.code}:${memberId}:${tapKey}`;
    const token = (what: string) => `[[${what}:${crypto.randomUUID()}]]`;
    const [budgetLeftToken, claimsLeftToken, balanceToken] = [
      token('budget-left'),
      token('claims-left'),
      token('balance'),
    ];
    const move = await this.d.ledger.prepare({
      key: transferKey,
      pointType: giveaway.pointType,
      from: campaignBudget(giveaway.code),
      to: wallet(memberId),
      amount: giveaway.perClaim,
      reason: {
        code: 'giveaway',
        params: { giveaway: giveaway.code, 'title_zh-TW': giveaway.titles['zh-TW'], title_en: giveaway.titles.en },
      },
      lifetime: giveaway.lifetime ?? undefined,
    });
    if (!move.ok) return err({ code: 'unknown_giveaway' });
    return ok({
      statements: [
        this.d.store.insertClaim({ giveawayCode: giveaway.code, memberId, localDate: today, transferKey, now }),
        ...move.value.statements,
      ],
      success: { giveaway, budgetLeftToken, claimsLeftToken, balanceToken },
      facts: [
        { token: budgetLeftToken, expr: this.d.store.budgetLeftText(giveaway.code, giveaway.pointType) },
        {
          token: claimsLeftToken,
          expr: this.d.store.claimsLeftText(giveaway.code, giveaway.pointType, giveaway.perClaim),
        },
        { token: balanceToken, expr: this.d.store.walletText(memberId, giveaway.pointType, now) },
      ],
      refusal: (e) => this.d.store.classify(e),
    });
  }

  /** Runs a plan on its own (admin and tests); the chat batches plans with its turn instead. */
  execute<T, E extends string>(planned: Planned<T, E>) {
    return executePlan(this.d.db, planned);
  }
}
