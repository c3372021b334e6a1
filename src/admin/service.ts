import type { Clock, IdGen } from '../kernel/clock.js';
import { sha256 } from '../kernel/crypto.js';
import type { Database, Statement } from '../kernel/database.js';
import { err, ok, type Result } from '../kernel/result.js';
import {
  ADMIN_TOKEN_PATTERN,
  ADMIN_TOKEN_PREFIX,
  type AdminRole,
  type NewAdminToken,
  newAdminTokenSchema,
  tokenScopeProblem,
} from './domain/roles.js';

/**
 * Who is calling: a token id ('bootstrap' for ADMIN_TOKEN, 'cli' for the command line) and its role; a `store`
 * token also names the one store it acts for (none: issued before tokens were bound to a store, refused).
 */
export interface AdminPrincipal {
  readonly actor: string;
  readonly role: AdminRole;
  readonly storeCode?: string;
}

/** An admin token as it may be shown: never its hash. */
export interface AdminTokenView {
  readonly id: string;
  readonly name: string;
  readonly role: AdminRole;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly revokedAt: number | null;
  /** The store a `store` token acts for; null for the other roles (and for store tokens issued before binding). */
  readonly storeCode: string | null;
}

export interface AuditEntry {
  readonly actor: string;
  readonly role: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** A short summary of the change: ids and route parameters, never secrets or personal data. */
  readonly detail: Readonly<Record<string, unknown>> | null;
}

export interface AuditRecord extends AuditEntry {
  readonly id: number;
  readonly at: number;
}

/** Storage of tokens and the audit log (SQL in src/admin/db/admin-sql.ts). */
export interface AdminAccessStore {
  insertToken(t: {
    id: string;
    name: string;
    role: AdminRole;
    tokenHash: string;
    createdAt: number;
    createdBy: string;
    storeCode: string | null;
  }): Statement;
  /** Sets revoked_at on a live token; RETURNING the id (no row: unknown or already revoked). */
  revokeToken(id: string, at: number): Statement;
  token(id: string): Promise<AdminTokenView | undefined>;
  tokens(): Promise<AdminTokenView[]>;
  /** The live (not revoked) token with this hash. */
  principalByHash(hash: string): Promise<{ id: string; role: AdminRole; storeCode: string | null } | undefined>;
  insertAudit(entry: AuditEntry, at: number): Statement;
  /** Newest first. */
  audit(limit: number): Promise<AuditRecord[]>;
  storeExists(code: string): Promise<boolean>;
}

export interface AdminAccessDeps {
  readonly db: Database;
  readonly store: AdminAccessStore;
  readonly clock: Clock;
  readonly ids: IdGen;
  /** A new plain token; random by default (tests may fix it). */
  readonly newSecret?: () => string;
}

export type CreateTokenRefusal = {
  code: 'invalid_token_request' | 'store_code_required' | 'store_code_not_allowed' | 'store_not_found';
  message: string;
};

const SCOPE_MESSAGES: Record<Exclude<CreateTokenRefusal['code'], 'invalid_token_request'>, string> = {
  store_code_required: 'a store token acts for one store: name it in storeCode',
  store_code_not_allowed: 'only a store token names a store',
  store_not_found: 'no store with that code (create it with POST /admin/stores/{code}/keys)',
};
export type RevokeTokenRefusal = { code: 'token_not_found' };

/** Longest audit detail kept (JSON characters); a longer one is replaced by a marker. */
const MAX_DETAIL = 1000;

/**
 * Admin tokens and the audit log. Tokens are stored as the SHA-256 of the plain token (they are 24 random bytes,
 * so no salt or stretching is needed); the plain token is returned once, at creation. Every write is one batch.
 */
export class AdminAccess {
  constructor(private readonly d: AdminAccessDeps) {}

  async createToken(
    input: NewAdminToken,
    createdBy: string,
  ): Promise<Result<{ token: AdminTokenView; plain: string }, CreateTokenRefusal>> {
    const parsed = newAdminTokenSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err({ code: 'invalid_token_request', message: `${issue?.path.join('.')}: ${issue?.message}` });
    }
    const problem = tokenScopeProblem(parsed.data);
    if (problem) return err({ code: problem, message: SCOPE_MESSAGES[problem] });
    const plain = (this.d.newSecret ?? newAdminTokenSecret)();
    const token: AdminTokenView = {
      id: this.d.ids.next(),
      name: parsed.data.name,
      role: parsed.data.role,
      createdAt: this.d.clock.now(),
      createdBy,
      revokedAt: null,
      storeCode: parsed.data.storeCode ?? null,
    };
    // The store must exist when the token is written: the database decides (migrations/0017_store_token_scope.sql).
    const r = await this.d.db.batch([this.d.store.insertToken({ ...token, tokenHash: await sha256(plain) })]);
    if (!r.ok && r.error.kind === 'refused' && Object.hasOwn(SCOPE_MESSAGES, r.error.code)) {
      const code = r.error.code as keyof typeof SCOPE_MESSAGES;
      return err({ code, message: SCOPE_MESSAGES[code] });
    }
    if (!r.ok) throw new Error(`write refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
    return ok({ token, plain });
  }

  /** Revokes a token: from then on it authenticates nothing. Revoking a revoked token answers as before. */
  async revokeToken(id: string): Promise<Result<AdminTokenView, RevokeTokenRefusal>> {
    const rows = await this.run([this.d.store.revokeToken(id, this.d.clock.now())]);
    const token = await this.d.store.token(id);
    if (!token || (rows[0]?.length === 0 && token.revokedAt === null)) return err({ code: 'token_not_found' });
    return ok(token);
  }

  listTokens(): Promise<AdminTokenView[]> {
    return this.d.store.tokens();
  }

  /** The principal of a stored, live token; undefined for anything else. (ADMIN_TOKEN is checked at the edge.) */
  async authenticate(token: string): Promise<AdminPrincipal | undefined> {
    if (!ADMIN_TOKEN_PATTERN.test(token)) return undefined;
    const found = await this.d.store.principalByHash(await sha256(token));
    if (!found) return undefined;
    return found.storeCode === null
      ? { actor: found.id, role: found.role }
      : { actor: found.id, role: found.role, storeCode: found.storeCode };
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    const json = entry.detail === null ? '' : JSON.stringify(entry.detail);
    const detail = json.length > MAX_DETAIL ? { truncated: true } : entry.detail;
    await this.run([this.d.store.insertAudit({ ...entry, detail }, this.d.clock.now())]);
  }

  audit(limit: number): Promise<AuditRecord[]> {
    return this.d.store.audit(Math.min(Math.max(1, Math.trunc(limit)), 500));
  }

  storeExists(code: string): Promise<boolean> {
    return this.d.store.storeExists(code);
  }

  private async run(statements: Statement[]) {
    const r = await this.d.db.batch(statements);
    if (!r.ok) throw new Error(`write refused: ${r.error.kind === 'unique' ? r.error.target : r.error.code}`);
    return r.value;
  }
}

/** `plat_` + 32 base64url characters: 24 bytes from Web Crypto (Node and workerd alike). */
export function newAdminTokenSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const base64 = btoa(String.fromCharCode(...bytes));
  return ADMIN_TOKEN_PREFIX + base64.replaceAll('+', '-').replaceAll('/', '_');
}
