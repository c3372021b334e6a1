import { engagementContract } from '../contract/engagement.contract.js';
import { freshD1 } from './fresh-d1.js';

engagementContract('D1 (workerd)', freshD1);
