// Admin access: API tokens and the audit log. drizzle-kit reads every src/**/db/schema.ts (drizzle.config.ts) to
// generate migrations/; the audit log's append-only triggers are in migrations/0010_broadcast_guards.sql.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { stores } from '../../stores/db/schema.js';
import type { AdminRole } from '../domain/roles.js';

/**
 * Admin API tokens with a role. Only the SHA-256 of the token is stored; the plain token is shown once at creation.
 * ADMIN_TOKEN from config is the bootstrap owner and has no row here.
 */
export const adminTokens = sqliteTable(
  'admin_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').$type<AdminRole>().notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    /** The id of the token that created it ('bootstrap' for ADMIN_TOKEN, 'cli' for the command line). */
    createdBy: text('created_by').notNull(),
    revokedAt: integer('revoked_at'),
    /**
     * The one store a `store` token acts for (null for every other role). Tokens made before this column have none
     * and are refused until re-issued; the triggers of migrations/0017_store_token_scope.sql keep the rule.
     */
    storeCode: text('store_code').references(() => stores.code),
  },
  (t) => [
    uniqueIndex('admin_tokens_hash').on(t.tokenHash),
    check('admin_tokens_role', sql`${t.role} IN ('owner', 'staff', 'store', 'partner')`),
  ],
);

/** Every admin write: who (token id), what (method, route, target), when, and how it ended. Append-only. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    /** A short JSON summary of the change (never secrets or personal data). */
    detail: text('detail'),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);
