import type { Logger } from '../../kernel/logger.js';
import type { WwebjsClient, WwebjsMessage } from './client.js';

export type SessionState = 'idle' | 'starting' | 'qr' | 'authenticated' | 'ready' | 'reconnecting' | 'stopped';

export interface SessionOptions {
  /** Builds a fresh Client; called at start and on every reconnect (a disconnected Client is destroyed). */
  readonly createClient: () => WwebjsClient;
  readonly log: Logger;
  readonly onMessage: (msg: WwebjsMessage) => void;
  readonly onQr?: (qr: string) => void;
  readonly onReady?: () => void;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

/**
 * One WhatsApp Web connection, kept alive: `qr` is remembered (terminal and admin page show it), `ready`,
 * `disconnected` and `auth_failure` are logged, and a lost or failed connection is rebuilt with exponential
 * backoff. Events from a replaced client are ignored. `stop()` destroys the browser (graceful shutdown).
 */
export class WhatsAppWebSession {
  private current: WwebjsClient | null = null;
  private generation = 0;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stateValue: SessionState = 'idle';
  private qrValue: string | null = null;

  constructor(private readonly o: SessionOptions) {}

  get state(): SessionState {
    return this.stateValue;
  }

  /** The QR code to scan right now, or null (connected, or none issued yet). */
  get qr(): string | null {
    return this.qrValue;
  }

  /** The connected client, or null while (re)connecting. */
  get client(): WwebjsClient | null {
    return this.stateValue === 'ready' ? this.current : null;
  }

  /** Starts connecting in the background; never throws (failures are retried). */
  start(): void {
    if (this.stateValue !== 'idle') return;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stateValue = 'stopped';
    this.qrValue = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.current;
    this.current = null;
    this.generation++;
    if (client) await this.destroy(client);
  }

  private async connect(): Promise<void> {
    if (this.stateValue === 'stopped') return;
    const generation = ++this.generation;
    this.stateValue = 'starting';
    let client: WwebjsClient;
    try {
      client = this.o.createClient();
    } catch (error) {
      this.o.log.error({ err: error }, 'whatsapp web: could not create the client');
      this.scheduleReconnect();
      return;
    }
    this.current = client;
    const live = () => generation === this.generation && this.stateValue !== 'stopped';
    client.on('qr', (qr: string) => {
      if (!live()) return;
      this.stateValue = 'qr';
      this.qrValue = qr;
      this.o.log.info({}, 'whatsapp web: scan the QR code to link this number');
      this.o.onQr?.(qr);
    });
    client.on('authenticated', () => {
      if (!live()) return;
      this.stateValue = 'authenticated';
      this.qrValue = null;
      this.o.log.info({}, 'whatsapp web: authenticated');
    });
    client.on('ready', () => {
      if (!live()) return;
      this.stateValue = 'ready';
      this.qrValue = null;
      this.attempts = 0;
      this.o.log.info({}, 'whatsapp web: ready');
      this.o.onReady?.();
    });
    client.on('auth_failure', (message: string) => {
      if (!live()) return;
      this.o.log.error({ reason: message }, 'whatsapp web: authentication failed; a new QR code will be needed');
      void this.lost(client);
    });
    client.on('disconnected', (reason: unknown) => {
      if (!live()) return;
      this.o.log.warn({ reason: String(reason) }, 'whatsapp web: disconnected');
      void this.lost(client);
    });
    client.on('message', (msg: WwebjsMessage) => {
      if (!live()) return;
      this.o.onMessage(msg);
    });
    try {
      await client.initialize();
    } catch (error) {
      if (!live()) return;
      this.o.log.error({ err: error }, 'whatsapp web: could not start');
      await this.lost(client);
    }
  }

  private async lost(client: WwebjsClient): Promise<void> {
    if (this.current !== client || this.stateValue === 'stopped') return;
    this.current = null;
    this.generation++;
    this.stateValue = 'reconnecting';
    this.qrValue = null;
    await this.destroy(client);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stateValue === 'stopped' || this.timer) return;
    this.stateValue = 'reconnecting';
    const { initialMs, maxMs } = this.o.backoff ?? { initialMs: 2_000, maxMs: 300_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** this.attempts);
    this.attempts++;
    this.o.log.info({ delayMs: delay, attempt: this.attempts }, 'whatsapp web: reconnecting');
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref?.();
  }

  private async destroy(client: WwebjsClient): Promise<void> {
    try {
      await client.destroy();
    } catch (error) {
      this.o.log.warn({ err: error }, 'whatsapp web: destroy failed');
    }
  }
}
