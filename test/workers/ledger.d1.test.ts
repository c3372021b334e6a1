import { ledgerContract } from '../contract/ledger.contract.js';
import { freshD1 } from './fresh-d1.js';

ledgerContract('D1 (workerd)', freshD1);
