// Members m0..m(n-1) with LINE identities U0..U(n-1), written through the Database port (so on D1 as well).
import { type Database, type Statement, stmt } from '../../src/kernel/database.js';

export async function seedLineMembers(
  db: Database,
  n: number,
  spec: (i: number) => { reachable?: boolean; optedOut?: boolean } = () => ({}),
) {
  const now = Date.now();
  const statements: Statement[] = [];
  for (let i = 0; i < n; i++) {
    const s = spec(i);
    statements.push(
      stmt(
        `INSERT INTO members (id, member_code, name, phone_e164, language, consent_version, consent_at, registered_at,
           registered_local_date) VALUES (?, ?, 'M', ?, 'en', '2026-01', ?, ?, '2026-11-01')`,
        `m${i}`,
        String(1_000_000_000 + i),
        `+8869${String(i).padStart(8, '0')}`,
        now,
        now,
      ),
      stmt(
        `INSERT INTO identities (channel, user_id, member_id, language, reachable, first_seen_at, last_seen_at)
         VALUES ('line', ?, ?, 'en', ?, ?, ?)`,
        `U${i}`,
        `m${i}`,
        s.reachable === false ? 0 : 1,
        now,
        now,
      ),
    );
    if (s.optedOut) statements.push(stmt('INSERT INTO broadcast_opt_outs (member_id, at) VALUES (?, ?)', `m${i}`, now));
  }
  // D1 caps a batch's size; 200 statements a batch stays well inside it.
  for (let i = 0; i < statements.length; i += 200) {
    const r = await db.batch(statements.slice(i, i + 200));
    if (!r.ok) throw new Error(`seed refused: ${JSON.stringify(r.error)}`);
  }
}
