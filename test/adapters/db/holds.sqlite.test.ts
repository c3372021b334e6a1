import { openSqlite } from '../../../src/db/sqlite.js';
import { holdsContract } from '../../contract/holds.contract.js';

holdsContract('better-sqlite3', async () => openSqlite({ path: ':memory:' }));
