// The holds, purchases and refunds properties of test/support/purchase-properties.ts on D1 under workerd (fewer runs:
// each step is several D1 round trips and each run starts from a freshly migrated database).
import { purchaseProperties } from '../support/purchase-properties.js';
import { freshD1 } from './fresh-d1.js';

purchaseProperties('D1 (workerd)', freshD1, { numRuns: 25, maxCommands: 40 });
