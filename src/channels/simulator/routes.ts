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
import type {
  ConversationEntry,
  ConversationLog,
  InboxProcessor,
  ReplySender,
  SendOutcome,
} from '../../inbox/index.js';
import type { InboundEvent } from '../../kernel/channel.js';
import { renderLineMessages } from '../line/flex/render.js';
import type { FlexTemplates } from '../line/flex/templates.js';
import { type Delivered, LiveReplies } from './live.js';
import { simulatorPage } from './page.js';
import { type SimulatorRichMenus, simulatorRichMenuRoutes } from './rich-menu-routes.js';

export interface Simulator {
  readonly sender: ReplySender;
  readonly profiles: ProfileSource;
  routes(inbox: InboxProcessor): RouteModule;
}

export interface SimulatorOptions {
  readonly adminToken?: string;
  /** In production every simulator route needs the admin token: simulated members could claim real rewards. */
  readonly requireToken: boolean;
  /** The Flex templates the LINE channel uses (Node: those of FLEX_TEMPLATES_DIR); default: the bundled ones. */
  readonly templates?: FlexTemplates;
  /** Each member's conversation from the database (the inbox and the outbox), drawn after a reload. */
  readonly conversation?: ConversationLog;
  /** Where the server listens (HOST): beyond loopback, the page shows a warning. */
  readonly listenHost?: string;
  /** The caller's address (Node: the socket's); a caller from beyond loopback gets the warning too. */
  readonly remoteAddress?: (c: Context) => string | undefined;
  /** The rich menu a simulated chat would have on LINE (./rich-menu-routes.ts); absent: none. */
  readonly richMenus?: SimulatorRichMenus;
}

/** Shown on the page when the simulator can be reached from beyond this machine. */
export const EXPOSED_WARNING =
  'Warning: this simulator is reachable from outside this machine. Everyone who opens it creates real members ' +
  'who can claim real rewards. Listen on loopback (HOST=127.0.0.1, the default outside production) or turn the ' +
  'simulator off (SIMULATOR=off).';

const userIdSchema = z.string().regex(/^sim-[\w-]{1,40}$/);

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
  const live = new LiveReplies();
  const profiles = new Map<string, { displayName?: string; language?: string }>();

  const sender: ReplySender = {
    async send(item): Promise<SendOutcome> {
      live.push(item);
      return { status: 'sent' };
    },
  };

  const view = (d: Delivered) => ({
    id: d.item.id,
    seq: d.seq,
    replies: d.item.replies,
    line: renderLineMessages(d.item.replies, options.templates),
  });
  // What the page needs of an entry: the member's own event (no ids, no tokens), or the LINE messages of a row.
  const entryView = (e: ConversationEntry) =>
    e.from === 'member'
      ? { from: e.from, at: e.at, event: memberEvent(e.event) }
      : { from: e.from, at: e.at, id: e.outboxId, line: renderLineMessages(e.replies, options.templates) };

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
      simulatorRichMenuRoutes(app, options.richMenus);
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
        const after = live.lastSeq;
        await inbox.accept([event]);
        await inbox.drain();
        return c.json({ messages: live.afterSeq(body.userId, after).map(view) });
      });

      app.get('/simulator/api/replies', (c) => {
        const userId = c.req.query('userId') ?? '';
        const after = Number(c.req.query('after') ?? '0') || 0;
        return c.json({ messages: live.afterSeq(userId, after).map(view) });
      });

      app.get('/simulator/api/conversation', async (c) => {
        const userId = userIdSchema.safeParse(c.req.query('userId'));
        if (!userId.success) return c.json({ error: 'invalid_request', field: 'userId' }, 400);
        const entries = (await options.conversation?.latest('simulator', userId.data)) ?? [];
        return c.json({ entries: entries.map(entryView) });
      });

      app.get('/simulator/api/stream', (c) => {
        const userId = userIdSchema.safeParse(c.req.query('userId'));
        if (!userId.success) return c.json({ error: 'invalid_request', field: 'userId' }, 400);
        const after = Math.max(0, Number(c.req.query('after') ?? '0') || 0);
        return live.stream(c, userId.data, after, view) ?? c.json({ error: 'too_many_streams' }, 429);
      });
    },
  };
}

/** The member's event as the page draws it: what they typed or tapped, no reply token or event id. */
function memberEvent(e: InboundEvent) {
  if (e.type === 'text') return { type: e.type, text: e.text };
  if (e.type === 'postback') return { type: e.type, data: e.data };
  return { type: e.type };
}
