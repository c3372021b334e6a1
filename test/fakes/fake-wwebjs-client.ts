// A stand-in for whatsapp-web.js's Client, typed against the library's own types: an EventEmitter that emits the
// lifecycle events (qr, authenticated, ready, disconnected, auth_failure) and `message` events built like real
// Message objects, and records every sendMessage call. No browser, no network.
import { EventEmitter } from 'node:events';
import wwebjs, {
  type Client,
  type Contact,
  type Message,
  type MessageContent,
  type MessageId,
  type MessageMedia,
  type MessageSendOptions,
  type MessageTypes,
} from 'whatsapp-web.js';
import type { WwebjsClient } from '../../src/channels/whatsapp-web/client.js';

export interface SentMessage {
  readonly chatId: string;
  readonly content: MessageContent;
  readonly options: MessageSendOptions | undefined;
  /** The text, or the caption of a media message. */
  readonly text: string;
  readonly media: MessageMedia | null;
}

/** The data fields of a Message (what the library fills in from WhatsApp Web's store). */
export type MessageData = Pick<
  Message,
  | 'ack'
  | 'id'
  | 'hasMedia'
  | 'body'
  | 'type'
  | 'timestamp'
  | 'from'
  | 'to'
  | 'author'
  | 'deviceType'
  | 'isForwarded'
  | 'forwardingScore'
  | 'isStatus'
  | 'isStarred'
  | 'broadcast'
  | 'fromMe'
  | 'hasQuotedMsg'
  | 'hasReaction'
  | 'mentionedIds'
  | 'groupMentions'
  | 'links'
  | 'vCards'
  | 'isGif'
  | 'isEphemeral'
  | 'duration'
>;

export interface FakeClientOptions {
  /** Our own number (`to` of received messages). */
  readonly me?: string;
  /** What initialize() does: emit a QR then wait (`qr`), or authenticate and become ready (`ready`, default). */
  readonly onInitialize?: 'ready' | 'qr' | 'fail' | 'hang';
  readonly qr?: string;
  readonly pushnames?: Record<string, string>;
}

let seq = 0;

export class FakeWwebjsClient implements WwebjsClient {
  readonly emitter = new EventEmitter();
  readonly sent: SentMessage[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  /** The next N sendMessage calls reject (as puppeteer does when the page is gone). */
  failNextSends = 0;
  /** sendMessage calls (1-based, counting every call) that reject. */
  readonly failCalls = new Set<number>();
  sendCalls = 0;

  constructor(readonly o: FakeClientOptions = {}) {}

  // biome-ignore lint/suspicious/noExplicitAny: the library's own generic overload takes `(...args: any) => void`
  on(event: string, listener: (...args: any[]) => void): Client {
    this.emitter.on(event, listener);
    return this as unknown as Client;
  }

  async initialize(): Promise<void> {
    this.initializeCalls++;
    const mode = this.o.onInitialize ?? 'ready';
    if (mode === 'fail') throw new Error('Failed to launch the browser process!');
    if (mode === 'hang') return;
    await Promise.resolve();
    this.emitter.emit('qr', this.o.qr ?? `2@fake-qr-${++seq},abc,def`);
    if (mode === 'qr') return;
    this.emitter.emit('authenticated');
    this.emitter.emit('ready');
  }

  async destroy(): Promise<void> {
    this.destroyCalls++;
  }

  async sendMessage(chatId: string, content: MessageContent, options?: MessageSendOptions): Promise<Message> {
    this.sendCalls++;
    if (this.failNextSends > 0 || this.failCalls.has(this.sendCalls)) {
      if (this.failNextSends > 0) this.failNextSends--;
      throw new Error('Protocol error (Runtime.callFunctionOn): Target closed.');
    }
    const media = content instanceof wwebjs.MessageMedia ? content : null;
    const text = typeof content === 'string' ? content : (options?.caption ?? '');
    this.sent.push({ chatId, content, options, text, media });
    const data = messageData({
      from: this.o.me ?? '886900000000@c.us',
      to: chatId,
      body: text,
      type: (media ? 'image' : 'chat') as MessageTypes,
      fromMe: true,
      hasMedia: Boolean(media),
    });
    return data as Message;
  }

  async getContactById(contactId: string): Promise<Contact> {
    const [user = '', server = 'c.us'] = contactId.split('@');
    const contact: Pick<Contact, 'id' | 'number' | 'pushname' | 'name' | 'isUser' | 'isGroup' | 'isMe'> = {
      id: { server, user, _serialized: contactId },
      number: user,
      pushname: this.o.pushnames?.[contactId] ?? '',
      name: undefined,
      isUser: true,
      isGroup: false,
      isMe: false,
    };
    return contact as Contact;
  }

  // --- driving the fake ---

  /** Emits a received message built like the library's Message; returns it. */
  receive(m: Partial<MessageData> & { from: string }): Message {
    const msg = messageData({ to: this.o.me ?? '886900000000@c.us', ...m }) as Message;
    this.emitter.emit('message', msg);
    return msg;
  }

  /** Emits a message that already arrived (the library can deliver a message twice). */
  redeliver(msg: Message): void {
    this.emitter.emit('message', msg);
  }

  emit(event: 'qr', qr: string): void;
  emit(event: 'ready' | 'authenticated'): void;
  emit(event: 'disconnected', reason: string): void;
  emit(event: 'auth_failure', message: string): void;
  emit(event: string, ...args: unknown[]): void {
    this.emitter.emit(event, ...args);
  }

  textsTo(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.text);
  }
}

export function messageData(m: Partial<MessageData> & { from: string }): MessageData {
  const fromMe = m.fromMe ?? false;
  const remote = fromMe ? (m.to ?? '') : m.from;
  const short = `3EB0${(++seq).toString(16).toUpperCase().padStart(16, '0')}`;
  const id: MessageId = m.id ?? { fromMe, remote, id: short, _serialized: `${fromMe}_${remote}_${short}` };
  return {
    ack: 1,
    id,
    hasMedia: false,
    body: '',
    type: 'chat' as MessageTypes,
    timestamp: Math.floor(Date.now() / 1000),
    to: '886900000000@c.us',
    author: undefined,
    deviceType: 'android',
    isForwarded: false,
    forwardingScore: 0,
    isStatus: false,
    isStarred: false,
    broadcast: false,
    fromMe,
    hasQuotedMsg: false,
    hasReaction: false,
    mentionedIds: [],
    groupMentions: [],
    links: [],
    vCards: [],
    isGif: false,
    isEphemeral: false,
    duration: '',
    ...m,
  };
}
