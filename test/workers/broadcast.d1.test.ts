import { broadcastContract } from '../contract/broadcast.contract.js';
import { freshD1 } from './fresh-d1.js';

broadcastContract('D1 (workerd)', freshD1);
