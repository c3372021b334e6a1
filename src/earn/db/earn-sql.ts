import type { RowOf } from '../../db/row.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { members } from '../../members/db/schema.js';
import { type EarnRule, earnRuleSchema, factorPercent, type Multiplier, multiplierSchema } from '../domain/rule.js';
import { DEFINITION_REFUSALS, type DefinitionRefusalCode, type EarnStore, type Stamped } from '../store.js';
import type { earnMultipliers, earnRules } from './schema.js';

type RuleRow = RowOf<typeof earnRules>;
type MultiplierRow = RowOf<typeof earnMultipliers>;

/** A stored definition through today's schema (defaults fill fields added since); one it refuses is a fault. */
function parsed<T>(what: string, code: string, parse: () => T): T {
  try {
    return parse();
  } catch (cause) {
    throw new Error(`stored ${what} ${code} does not parse`, { cause });
  }
}

const toRule = (r: RuleRow): Stamped<EarnRule> => ({
  ...parsed('earn rule', r.code, () => earnRuleSchema.parse(JSON.parse(r.definition))),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toMultiplier = (r: MultiplierRow): Stamped<Multiplier> => ({
  ...parsed('multiplier', r.code, () => multiplierSchema.parse(JSON.parse(r.definition))),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// Earn rules and multipliers, and the two reads of members' tables they need (a member and their tags).
export function sqlEarnStore(db: Database): EarnStore {
  const memberTags = async (memberId: string) =>
    (await db.all<{ tag: string }>('SELECT tag FROM member_tags WHERE member_id = ? ORDER BY tag', [memberId])).map(
      (r) => r.tag,
    );
  return {
    upsertRule(rule, now) {
      return stmt(
        `INSERT INTO earn_rules (code, kind, point_type, priority, definition, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, point_type = excluded.point_type,
           priority = excluded.priority, definition = excluded.definition, updated_at = excluded.updated_at`,
        rule.code,
        rule.kind,
        rule.pointType,
        rule.priority,
        JSON.stringify(rule),
        now,
        now,
      );
    },
    deleteRule: (code) => stmt('DELETE FROM earn_rules WHERE code = ? RETURNING code', code),
    async rules() {
      return (await db.all<RuleRow>('SELECT * FROM earn_rules ORDER BY priority DESC, code')).map(toRule);
    },
    async rule(code) {
      const r = await db.first<RuleRow>('SELECT * FROM earn_rules WHERE code = ?', [code]);
      return r && toRule(r);
    },
    upsertMultiplier(m, now) {
      return stmt(
        `INSERT INTO earn_multipliers (code, factor_percent, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET factor_percent = excluded.factor_percent, definition = excluded.definition,
           updated_at = excluded.updated_at`,
        m.code,
        factorPercent(m),
        JSON.stringify(m),
        now,
        now,
      );
    },
    deleteMultiplier: (code) => stmt('DELETE FROM earn_multipliers WHERE code = ? RETURNING code', code),
    async multipliers() {
      const rows = await db.all<MultiplierRow>('SELECT * FROM earn_multipliers ORDER BY factor_percent DESC, code');
      return rows.map(toMultiplier);
    },
    async multiplier(code) {
      const r = await db.first<MultiplierRow>('SELECT * FROM earn_multipliers WHERE code = ?', [code]);
      return r && toMultiplier(r);
    },
    async member(ref) {
      const [column, value] = 'id' in ref ? ['id', ref.id] : ['member_code', ref.memberCode];
      const m = await db.first<Pick<RowOf<typeof members>, 'id' | 'member_code'>>(
        `SELECT id, member_code FROM members WHERE ${column} = ?`,
        [value],
      );
      return m && { id: m.id, memberCode: m.member_code, tags: await memberTags(m.id) };
    },
    memberTags,
    classify(e) {
      if (e.kind !== 'refused') return undefined;
      return (DEFINITION_REFUSALS as readonly string[]).includes(e.code)
        ? (e.code as DefinitionRefusalCode)
        : undefined;
    },
  };
}
