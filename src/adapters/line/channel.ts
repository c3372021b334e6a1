// STUB (being built): LINE Messaging API channel. See issue 3.
import type { ProfileSource } from '../../app/chat.js';
import type { InboxProcessor, Logger, ReplySender } from '../../app/inbox.js';
import type { RouteModule } from '../http/app.js';
import type { Defer } from '../http/defer.js';

export interface LineChannelOptions {
  readonly channelSecret: string;
  readonly channelAccessToken: string;
  /** https://api.line.me by default; tests point it at a fake LINE server on loopback. */
  readonly apiBaseUrl: string;
  /** https://api-data.line.me by default (content downloads); unused for now. */
  readonly dataApiBaseUrl?: string;
  readonly log: Logger;
}

export interface LineChannel {
  readonly sender: ReplySender;
  readonly profiles: ProfileSource;
  /** POST /webhooks/line */
  routes(inbox: InboxProcessor, defer: Defer): RouteModule;
}

export function createLineChannel(_options: LineChannelOptions): LineChannel {
  throw new Error('LINE channel not built yet');
}
