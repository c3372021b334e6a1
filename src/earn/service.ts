// Earn rules and multipliers: their definitions (admin), what a purchase would earn (the preview, and the purchases
// module), and the "how to earn" guide (chat). Nothing here writes a transfer: purchases copy what applied.
import type { Clock } from '../kernel/clock.js';
import type { Database, Statement } from '../kernel/database.js';
import { describeRefusal } from '../kernel/plan.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { PlaceNames } from '../stores/domain/places.js';
import { type Evaluation, evaluatePurchase, type PurchaseItem } from './domain/evaluate.js';
import { earnGuide, type Guide } from './domain/guide.js';
import { type EarnRule, earnRuleSchema, type Multiplier, multiplierSchema } from './domain/rule.js';
import type { DefinitionRefusalCode, EarnStore, MemberRef, Stamped } from './store.js';

/** What earn needs of the stores module: a store's brand and opening date, and names for the guide. */
export interface EarnPlaces {
  store(code: string): Promise<{ code: string; brand: string; opensOn: string | null } | undefined>;
  brands(): Promise<readonly { code: string; names: PlaceNames }[]>;
  stores(): Promise<readonly { code: string; brand: string; names: PlaceNames; opensOn: string | null }[]>;
}

export interface EarnDeps {
  readonly db: Database;
  readonly store: EarnStore;
  readonly places: EarnPlaces;
  readonly clock: Clock;
  readonly timeZone: string;
}

export type DefineRefusal =
  | { readonly code: 'invalid_body'; readonly field: string; readonly message: string }
  | { readonly code: DefinitionRefusalCode; readonly field: string; readonly message: string };

/** A purchase as the rules see it, before the store and member are looked up. */
export interface QuoteInput {
  readonly store: string;
  readonly member?: MemberRef;
  /** Tags to try without a member (the preview); ignored when `member` is given. */
  readonly tags?: readonly string[];
  readonly amount: number;
  readonly items?: readonly PurchaseItem[];
  /** When the purchase happens (epoch ms); default: now. */
  readonly at?: number;
}

export type QuoteRefusal =
  | { readonly code: 'store_not_found'; readonly field: 'store' }
  | { readonly code: 'member_not_found'; readonly field: 'member' };

export interface Quote extends Evaluation {
  readonly at: number;
  readonly store: { readonly code: string; readonly brand: string };
  readonly member: { readonly code: string; readonly tags: readonly string[] } | null;
}

const FIELD: Record<DefinitionRefusalCode, string> = {
  unknown_point_type: 'pointType',
  unknown_brand: 'scope.brands',
  unknown_store: 'scope.stores',
};

export class EarnService {
  constructor(private readonly d: EarnDeps) {}

  get timeZone(): string {
    return this.d.timeZone;
  }

  /** Creates or replaces a rule. The database refuses an unknown point type, brand or store (triggers). */
  async defineRule(input: unknown): Promise<Result<Stamped<EarnRule>, DefineRefusal>> {
    const parsed = earnRuleSchema.safeParse(input);
    if (!parsed.success) return err(invalid(parsed.error.issues[0]));
    const refused = await this.write(this.d.store.upsertRule(parsed.data, this.d.clock.now()));
    if (refused) return err(refused);
    return ok(await found(this.d.store.rule(parsed.data.code)));
  }

  rules(): Promise<Stamped<EarnRule>[]> {
    return this.d.store.rules();
  }

  rule(code: string): Promise<Stamped<EarnRule> | undefined> {
    return this.d.store.rule(code);
  }

  /** Deletes a rule; past purchases keep what it earned them (they copied it). */
  async deleteRule(code: string): Promise<Result<{ code: string }, { code: 'rule_not_found' }>> {
    return this.remove(this.d.store.deleteRule(code), code, 'rule_not_found');
  }

  async defineMultiplier(input: unknown): Promise<Result<Stamped<Multiplier>, DefineRefusal>> {
    const parsed = multiplierSchema.safeParse(input);
    if (!parsed.success) return err(invalid(parsed.error.issues[0]));
    const refused = await this.write(this.d.store.upsertMultiplier(parsed.data, this.d.clock.now()));
    if (refused) return err(refused);
    return ok(await found(this.d.store.multiplier(parsed.data.code)));
  }

  multipliers(): Promise<Stamped<Multiplier>[]> {
    return this.d.store.multipliers();
  }

  async deleteMultiplier(code: string): Promise<Result<{ code: string }, { code: 'multiplier_not_found' }>> {
    return this.remove(this.d.store.deleteMultiplier(code), code, 'multiplier_not_found');
  }

  /**
   * What a purchase earns under the rules and multipliers as they are now, without writing anything: the store
   * gives the brand and opening date, the member their tags. The preview route and the purchases module use it.
   */
  async quote(q: QuoteInput): Promise<Result<Quote, QuoteRefusal>> {
    const [store, member, rules, multipliers] = await Promise.all([
      this.d.places.store(q.store),
      q.member ? this.d.store.member(q.member) : Promise.resolve(undefined),
      this.d.store.rules(),
      this.d.store.multipliers(),
    ]);
    if (!store) return err({ code: 'store_not_found', field: 'store' });
    if (q.member && !member) return err({ code: 'member_not_found', field: 'member' });
    const memberTags = member ? member.tags : [...(q.tags ?? [])];
    const at = q.at ?? this.d.clock.now();
    const evaluation = evaluatePurchase({
      rules,
      multipliers,
      timeZone: this.d.timeZone,
      purchase: {
        brand: store.brand,
        store: store.code,
        storeOpensOn: store.opensOn,
        memberTags,
        memberTier: null,
        amount: q.amount,
        ...(q.items && { items: q.items }),
        at,
      },
    });
    return ok({
      ...evaluation,
      at,
      store: { code: store.code, brand: store.brand },
      member: member ? { code: member.memberCode, tags: member.tags } : null,
    });
  }

  /** The rules a member (or a visitor: no tags) can use today, and the next member days. */
  async guide(memberId: string | undefined): Promise<Guide> {
    const [rules, multipliers, brands, stores, memberTags] = await Promise.all([
      this.d.store.rules(),
      this.d.store.multipliers(),
      this.d.places.brands(),
      this.d.places.stores(),
      memberId ? this.d.store.memberTags(memberId) : Promise.resolve([]),
    ]);
    return earnGuide({
      rules,
      multipliers,
      brands,
      stores,
      memberTags,
      now: this.d.clock.now(),
      timeZone: this.d.timeZone,
    });
  }

  private async write(statement: Statement): Promise<DefineRefusal | undefined> {
    const r = await this.d.db.batch([statement]);
    if (r.ok) return undefined;
    const code = this.d.store.classify(r.error);
    if (!code) throw new Error(`earn definition refused: ${describeRefusal(r.error)}`);
    return { code, field: FIELD[code], message: `${FIELD[code]} names something that does not exist` };
  }

  private async remove<C extends string>(
    statement: Statement,
    code: string,
    missing: C,
  ): Promise<Result<{ code: string }, { code: C }>> {
    const r = await this.d.db.batch([statement]);
    if (!r.ok) throw new Error(`earn delete refused: ${describeRefusal(r.error)}`);
    return (r.value[0]?.length ?? 0) > 0 ? ok({ code }) : err({ code: missing });
  }
}

function invalid(issue: { path: readonly PropertyKey[]; message: string } | undefined): DefineRefusal {
  return { code: 'invalid_body', field: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? 'invalid' };
}

async function found<T>(read: Promise<T | undefined>): Promise<T> {
  const value = await read;
  if (value === undefined) throw new Error('an earn definition vanished right after its write');
  return value;
}
