// The `workers` project: tests run INSIDE workerd (the Workers runtime) with a local D1 database, offline.
// Storage is isolated per test by the pool, so every test starts from the migrated, empty schema that the setup
// file applies with the same migrations/ folder wrangler uses for `wrangler d1 migrations apply`.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { type LineSendEndpoint, lineErrorBody, lineRequestErrors, loadLineSchema } from '../support/line-schema.js';
import { richMenuStandIn } from '../support/rich-menu-stand-in.js';

const LINE_API_BASE_URL = 'https://line-api.test';
const LINE_DATA_API_BASE_URL = 'https://line-data.test';

export default defineProject(async () => {
  const migrations = await readD1Migrations(new URL('../../migrations', import.meta.url).pathname);
  const richMenus = richMenuStandIn(LINE_API_BASE_URL, LINE_DATA_API_BASE_URL);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: new URL('../../wrangler.toml', import.meta.url).pathname },
        miniflare: {
          // The worker's outbound requests (the LINE API) answered by a stand-in on the Node side: profiles for every
          // user; reply, push and multicast checked against LINE's official schema and limits (the same check as the
          // loopback fake LINE server of the Node tests) and answered 400 like LINE when they break them, else
          // accepted. The tests read what was sent, and that it was accepted, from the outbox in D1. A failure on cue:
          // a reply whose token starts with `fail-` is answered 500 (LINE down for that call; the retry pushes).
          // Rich menus: test/support/rich-menu-stand-in.ts (the Node fake's checks; the image on the data host).
          outboundService: async (request: Request) => {
            const url = new URL(request.url);
            if (url.pathname.startsWith('/v2/bot/profile/')) {
              return Response.json({ userId: url.pathname.split('/').pop(), displayName: 'Amy', language: 'en' });
            }
            const send = /^\/v2\/bot\/message\/(reply|push|multicast)$/.exec(url.pathname)?.[1] as
              | LineSendEndpoint
              | undefined;
            if (send) {
              const body: unknown = await request.json().catch(() => null);
              const token = (body as { replyToken?: unknown } | null)?.replyToken;
              if (send === 'reply' && typeof token === 'string' && token.startsWith('fail-')) {
                return Response.json({ message: 'Internal server error' }, { status: 500 });
              }
              const errors = lineRequestErrors(loadLineSchema(), send, body);
              if (errors.length > 0) return Response.json(lineErrorBody(errors), { status: 400 });
              return Response.json({ sentMessages: [] });
            }
            const richMenu = await richMenus(request);
            if (richMenu) return richMenu;
            return new Response('not found', { status: 404 });
          },
          bindings: {
            TEST_MIGRATIONS: migrations,
            // Secrets a deployment sets with `wrangler secret put`; test values here.
            QR_SIGNING_SECRET: 'workers-test-qr-secret-0123456789',
            ADMIN_TOKEN: 'workers-test-admin-token-0123',
            PUBLIC_BASE_URL: 'https://pointloop.test',
            LINE_CHANNEL_SECRET: 'workers-line-secret-0123456789',
            LINE_CHANNEL_ACCESS_TOKEN: 'workers-line-token',
            LINE_API_BASE_URL,
            LINE_DATA_API_BASE_URL,
            SEED_DEMO: 'true',
            DEFAULT_LANGUAGE: 'en',
          },
        },
      }),
    ],
    test: {
      name: 'workers',
      root: new URL('../..', import.meta.url).pathname,
      include: ['test/workers/**/*.test.ts'],
      setupFiles: ['test/workers/apply-migrations.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  };
});
