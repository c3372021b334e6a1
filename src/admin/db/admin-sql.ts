import type { RowOf } from '../../db/row.js';
import { type Database, stmt } from '../../kernel/database.js';
import type { AdminAccessStore, AdminTokenView, AuditRecord } from '../service.js';
import type { adminTokens, auditLog } from './schema.js';

/** A token as it is read: every column but token_hash. */
type TokenRow = Omit<RowOf<typeof adminTokens>, 'token_hash'>;
type AuditRow = RowOf<typeof auditLog>;

const toToken = (r: TokenRow): AdminTokenView => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
  storeCode: r.store_code,
});

const toAudit = (r: AuditRow): AuditRecord => ({
  id: r.id,
  actor: r.actor,
  role: r.role,
  method: r.method,
  path: r.path,
  status: r.status,
  detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
  at: r.at,
});

// Never select token_hash: it leaves the database only as a lookup key.
const TOKEN_COLUMNS = 'id, name, role, created_at, created_by, revoked_at, store_code';

/** admin_tokens and audit_log (migrations/0009, 0010: the audit log refuses UPDATE and DELETE). */
export function sqlAdminAccessStore(db: Database): AdminAccessStore {
  return {
    insertToken(t) {
      return stmt(
        'INSERT INTO admin_tokens (id, name, role, token_hash, created_at, created_by, store_code) VALUES (?, ?, ?, ?, ?, ?, ?)',
        t.id,
        t.name,
        t.role,
        t.tokenHash,
        t.createdAt,
        t.createdBy,
        t.storeCode,
      );
    },
    revokeToken(id, at) {
      return stmt('UPDATE admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id', at, id);
    },
    async token(id) {
      const r = await db.first<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM admin_tokens WHERE id = ?`, [id]);
      return r && toToken(r);
    },
    async tokens() {
      const rows = await db.all<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM admin_tokens ORDER BY created_at, id`);
      return rows.map(toToken);
    },
    async principalByHash(hash) {
      const r = await db.first<Pick<TokenRow, 'id' | 'role' | 'store_code'>>(
        'SELECT id, role, store_code FROM admin_tokens WHERE token_hash = ? AND revoked_at IS NULL',
        [hash],
      );
      return r && { id: r.id, role: r.role, storeCode: r.store_code };
    },
    insertAudit(e, at) {
      return stmt(
        'INSERT INTO audit_log (actor, role, method, path, status, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        e.actor,
        e.role,
        e.method,
        e.path,
        e.status,
        e.detail === null ? null : JSON.stringify(e.detail),
        at,
      );
    },
    async audit(limit) {
      const rows = await db.all<AuditRow>('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?', [limit]);
      return rows.map(toAudit);
    },
    async storeExists(code) {
      return (await db.first('SELECT 1 AS found FROM stores WHERE code = ?', [code])) !== undefined;
    },
  };
}
