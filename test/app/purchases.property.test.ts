// Random holds, captures, voids, expiries, spends, purchases and refunds under a moving clock on better-sqlite3
// (:memory:), the invariants checked after every step (test/support/purchase-properties.ts). The same properties run
// on D1 in test/workers/purchases.property.d1.test.ts. PURCHASE_PROPERTY_RUNS=n changes the number of runs;
// PURCHASE_PROPERTY_STATS=1 prints what the runs covered.
import { afterAll } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { coverage, purchaseProperties } from '../support/purchase-properties.js';

purchaseProperties('better-sqlite3', async () => openSqlite({ path: ':memory:' }), {
  numRuns: Number(process.env.PURCHASE_PROPERTY_RUNS ?? 60),
  maxCommands: 50,
});

afterAll(() => {
  if (process.env.PURCHASE_PROPERTY_STATS) console.log(Object.fromEntries([...coverage].sort()));
});
