import { openSqlite } from '../../../src/db/sqlite.js';
import { ledgerContract } from '../../contract/ledger.contract.js';

ledgerContract('better-sqlite3', async () => openSqlite({ path: ':memory:' }));
