import type { Reply } from '../../src/conversation/domain/replies.js';
import type { ReplySender, SendOutcome } from '../../src/inbox/service.js';
import type { OutboxItem } from '../../src/inbox/store.js';
import type { Channel, InboundEvent } from '../../src/kernel/channel.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { Database } from '../../src/kernel/database.js';
import type { Logger } from '../../src/kernel/logger.js';
import { composeServices, type Services } from '../../src/main/compose.js';
import { parseConfig } from '../../src/main/config.js';
import { seedDemoProgram } from '../../src/main/demo-seed.js';

export const silentLog: Logger = { info() {}, warn() {}, error() {} };

/** Records what would be sent, per user, in order. */
export class RecordingSender implements ReplySender {
  readonly sent: OutboxItem[] = [];
  async send(item: OutboxItem): Promise<SendOutcome> {
    this.sent.push(item);
    return { status: 'sent' };
  }
  repliesFor(userId: string): Reply[] {
    return this.sent.filter((s) => s.userId === userId).flatMap((s) => s.replies);
  }
}

export interface ChatHarness {
  services: Services;
  clock: ManualClock;
  sender: RecordingSender;
  /** Sends one event through the inbox, processes it, and returns the replies it produced. */
  say(
    userId: string,
    input: string | { postback: string } | 'follow' | 'unfollow',
    channel?: Channel,
  ): Promise<Reply[]>;
}

let seq = 0;

export async function chatHarness(
  db: Database,
  env: Record<string, string> = {},
  o: { log?: Logger } = {},
): Promise<ChatHarness> {
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 1, 0, 0));
  const sender = new RecordingSender();
  const config = parseConfig({ PUBLIC_BASE_URL: 'https://pl.example', ...env });
  const services = composeServices({
    config,
    db,
    clock,
    log: o.log ?? silentLog,
    qr: { memberQrUrl: async (code) => `https://pl.example/qr/${code}.png` },
    senders: { simulator: sender, line: sender, wa_web: sender, wa_cloud: sender },
    profiles: { simulator: { profile: async () => ({ displayName: 'Amy', language: 'en' }) } },
  });
  await seedDemoProgram(services, clock.now());
  return {
    services,
    clock,
    sender,
    async say(userId, input, channel = 'simulator') {
      const base = { channel, userId, eventId: `e${++seq}`, occurredAt: clock.now() };
      const event: InboundEvent =
        input === 'follow' || input === 'unfollow'
          ? { ...base, type: input }
          : typeof input === 'string'
            ? { ...base, type: 'text', text: input }
            : { ...base, type: 'postback', data: input.postback };
      const before = sender.sent.length;
      await services.inbox.accept([event]);
      await services.inbox.drain();
      return sender.sent.slice(before).flatMap((s) => s.replies);
    },
  };
}
