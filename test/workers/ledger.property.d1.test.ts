// The same ledger properties as on better-sqlite3, on D1 under workerd (fewer runs: each step is a D1 round trip
// and each run starts from a freshly migrated database).
import { ledgerProperties } from '../support/ledger-properties.js';
import { freshD1 } from './fresh-d1.js';

ledgerProperties('D1 (workerd)', freshD1, { numRuns: 25 });
