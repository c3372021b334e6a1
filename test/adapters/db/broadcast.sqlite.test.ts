import { openSqlite } from '../../../src/db/sqlite.js';
import { broadcastContract } from '../../contract/broadcast.contract.js';

broadcastContract('better-sqlite3', async () => openSqlite({ path: ':memory:' }));
