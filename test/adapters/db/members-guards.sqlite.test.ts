import { openSqlite } from '../../../src/db/sqlite.js';
import { membersGuardsContract } from '../../contract/members-guards.contract.js';

membersGuardsContract('better-sqlite3', async () => openSqlite({ path: ':memory:' }));
