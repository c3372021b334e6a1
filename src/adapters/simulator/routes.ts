// STUB (being built): the local web chat at /simulator. See issue 3.
import type { InboxProcessor, ReplySender } from '../../app/inbox.js';
import type { RouteModule } from '../http/app.js';

export interface Simulator {
  readonly sender: ReplySender;
  routes(inbox: InboxProcessor): RouteModule;
}

export function createSimulator(_options: { adminToken?: string; requireToken: boolean }): Simulator {
  return {
    sender: { send: async () => ({ status: 'sent' }) },
    routes: () => () => {},
  };
}
