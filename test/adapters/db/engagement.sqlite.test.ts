import { openSqlite } from '../../../src/db/sqlite.js';
import { engagementContract } from '../../contract/engagement.contract.js';

engagementContract('better-sqlite3', async () => openSqlite({ path: ':memory:' }));
