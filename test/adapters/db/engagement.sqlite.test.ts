import { openSqlite } from '../../../src/adapters/db/sqlite.js';
import { engagementContract } from '../../contract/engagement.contract.js';

engagementContract('better-sqlite3', async () => openSqlite({ path: ':memory:' }));
