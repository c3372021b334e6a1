// The part of whatsapp-web.js's Client this adapter uses, typed from the library itself. The real Client is
// constructed only in src/main (src/main/whatsapp-web-client.ts); tests pass test/fakes/fake-wwebjs-client.ts.
import type { Client, Message } from 'whatsapp-web.js';

export type WwebjsClient = Pick<Client, 'on' | 'sendMessage' | 'initialize' | 'destroy' | 'getContactById'>;

/** The fields of a received Message that the adapter reads. */
export type WwebjsMessage = Pick<
  Message,
  'id' | 'from' | 'body' | 'type' | 'fromMe' | 'hasMedia' | 'timestamp' | 'isStatus' | 'broadcast'
>;
