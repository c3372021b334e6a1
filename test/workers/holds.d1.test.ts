import { holdsContract } from '../contract/holds.contract.js';
import { freshD1 } from './fresh-d1.js';

holdsContract('D1 (workerd)', freshD1);
