// Earn rules and member-day multipliers. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts).
import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { pointTypes } from '../../ledger/db/schema.js';

/**
 * An earn rule: its whole definition is `definition` (JSON, parsed by src/earn/domain/rule.ts); the columns beside
 * it are what the database guards or sorts by. A change never rewrites past purchases: they copy what applied.
 * Triggers (migrations: earn guards) refuse an unknown point type and scopes naming unknown brands or stores.
 */
export const earnRules = sqliteTable(
  'earn_rules',
  {
    code: text('code').primaryKey(),
    kind: text('kind').notNull(),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    priority: integer('priority').notNull(),
    definition: text('definition').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check('earn_rules_kind', sql`${t.kind} IN ('spend', 'product_amount', 'product_quantity')`),
    check('earn_rules_definition', sql`json_valid(${t.definition})`),
  ],
);

/** A member-day or weekday multiplier: `factor_percent` 300 is 3x; the rest is `definition` (JSON). */
export const earnMultipliers = sqliteTable(
  'earn_multipliers',
  {
    code: text('code').primaryKey(),
    factorPercent: integer('factor_percent').notNull(),
    definition: text('definition').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check('earn_multipliers_factor', sql`${t.factorPercent} BETWEEN 100 AND 10000`),
    check('earn_multipliers_definition', sql`json_valid(${t.definition})`),
  ],
);
