// The local web chat at /simulator: act as one or several members, type text, tap quick replies and buttons.
// Events go through the same inbox, conversation and ledger as LINE; replies come back as the view models AND as
// the LINE messages the Flex renderer makes of them, which the page draws as HTML close to LINE's look.
import type { Context, Hono, Next } from 'hono';
import { z } from 'zod';
import type { ProfileSource } from '../../conversation/index.js';
import type { RouteModule } from '../../http/app.js';
import { bearerToken, secretsEqual } from '../../http/auth.js';
import { bodyRefused, readBody, WEBHOOK_BODY_LIMIT } from '../../http/body-limit.js';
import { isLoopbackAddress } from '../../http/loopback.js';
import type { InboxProcessor, OutboxItem, ReplySender, SendOutcome } from '../../inbox/index.js';
import type { InboundEvent } from '../../kernel/channel.js';
import { renderLineMessages } from '../line/flex/render.js';
import type { FlexTemplates } from '../line/flex/templates.js';
import { simulatorPage } from './page.js';

export interface Simulator {
  readonly sender: ReplySender;
  readonly profiles: ProfileSource;
  routes(inbox: InboxProcessor): RouteModule;
}

export interface SimulatorOptions {
  readonly adminToken?: string;
  /** In production every simulator route needs the admin token: simulated members could claim real rewards. */
  readonly requireToken: boolean;
  readonly templates?: FlexTemplates;
  /** Where the server listens (HOST): beyond loopback, the page shows a warning. */
  readonly listenHost?: string;
  /** The caller's address (Node: the socket's); a caller from beyond loopback gets the warning too. */
  readonly remoteAddress?: (c: Context) => string | undefined;
}

/** Shown on the page when the simulator can be reached from beyond this machine. */
export const EXPOSED_WARNING =
  'Warning: this simulator is reachable from outside this machine. Everyone who opens it creates real members ' +
  'who can claim real rewards. Listen on loopback (HOST=127.0.0.1, the default outside production) or turn the ' +
  'simulator off (SIMULATOR=off).';

interface Delivered {
  readonly seq: number;
  readonly item: OutboxItem;
}

const eventSchema = z.discriminatedUnion('type', [
  z.object({
    userId: z.string().regex(/^sim-[\w-]{1,40}$/),
    type: z.literal('text'),
    text: z.string().min(1).max(2000),
  }),
  z.object({
    userId: z.string().regex(/^sim-[\w-]{1,40}$/),
    type: z.literal('postback'),
    data: z.string().min(1).max(300),
  }),
  z.object({
    userId: z.string().regex(/^sim-[\w-]{1,40}$/),
    type: z.literal('follow'),
    displayName: z.string().min(1).max(40).optional(),
    language: z.enum(['zh-TW', 'en']).optional(),
  }),
  z.object({ userId: z.string().regex(/^sim-[\w-]{1,40}$/), type: z.literal('unfollow') }),
]);

export function createSimulator(options: SimulatorOptions): Simulator {
  const delivered: Delivered[] = [];
  const profiles = new Map<string, { displayName?: string; language?: string }>();
  let seq = 0;

  const sender: ReplySender = {
    async send(item): Promise<SendOutcome> {
      delivered.push({ seq: ++seq, item });
      // Keep memory bounded: a long-running dev server forgets the oldest replies.
      if (delivered.length > 5000) delivered.splice(0, delivered.length - 5000);
      return { status: 'sent' };
    },
  };

  const view = (d: Delivered) => ({
    seq: d.seq,
    replies: d.item.replies,
    line: renderLineMessages(d.item.replies, options.templates),
  });

  const exposed = (c: Context) => {
    const remote = options.remoteAddress?.(c);
    return (
      (options.listenHost !== undefined && !isLoopbackAddress(options.listenHost)) ||
      (remote !== undefined && !isLoopbackAddress(remote))
    );
  };

  const guard = async (c: Context, next: Next) => {
    if (!options.requireToken) return next();
    if (!options.adminToken) return c.json({ error: 'not_found' }, 404);
    const token = bearerToken(c.req.header('authorization')) ?? c.req.query('token');
    if (!token || !(await secretsEqual(token, options.adminToken))) return c.json({ error: 'unauthorized' }, 401);
    return next();
  };

  return {
    sender,
    profiles: { profile: async (userId) => profiles.get(userId) },
    routes: (inbox) => (app: Hono) => {
      app.use('/simulator', guard);
      app.use('/simulator/*', guard);
      app.get('/simulator', (c) => c.html(simulatorPage(exposed(c) ? { warning: EXPOSED_WARNING } : {})));

      app.post('/simulator/api/events', async (c) => {
        const read = await readBody(c.req.raw, WEBHOOK_BODY_LIMIT);
        if (!read.ok) return bodyRefused(c, read.error, WEBHOOK_BODY_LIMIT);
        let raw: unknown;
        try {
          raw = JSON.parse(new TextDecoder().decode(read.value));
        } catch {
          return c.json({ error: 'malformed_json' }, 400);
        }
        const parsed = eventSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return c.json({ error: 'invalid_request', field: issue?.path.join('.') ?? '', message: issue?.message }, 400);
        }
        const body = parsed.data;
        if (body.type === 'follow' && (body.displayName || body.language)) {
          profiles.set(body.userId, { displayName: body.displayName, language: body.language });
        }
        const base = {
          channel: 'simulator' as const,
          userId: body.userId,
          eventId: crypto.randomUUID(),
          occurredAt: Date.now(),
        };
        const event: InboundEvent =
          body.type === 'text'
            ? { ...base, type: 'text', text: body.text }
            : body.type === 'postback'
              ? { ...base, type: 'postback', data: body.data }
              : { ...base, type: body.type };
        const after = seq;
        await inbox.accept([event]);
        await inbox.drain();
        return c.json({ messages: delivered.filter((d) => d.seq > after && d.item.userId === body.userId).map(view) });
      });

      app.get('/simulator/api/replies', (c) => {
        const userId = c.req.query('userId') ?? '';
        const after = Number(c.req.query('after') ?? '0') || 0;
        return c.json({ messages: delivered.filter((d) => d.seq > after && d.item.userId === userId).map(view) });
      });
    },
  };
}
