// The `workers` project: tests run INSIDE workerd (the Workers runtime) with a local D1 database, offline.
// Storage is isolated per test by the pool, so every test starts from the migrated, empty schema that the setup
// file applies with the same migrations/ folder wrangler uses for `wrangler d1 migrations apply`.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

export default defineProject(async () => {
  const migrations = await readD1Migrations(new URL('../../migrations', import.meta.url).pathname);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: new URL('../../wrangler.toml', import.meta.url).pathname },
        miniflare: {
          // The worker's outbound requests (the LINE API) answered by a minimal stand-in on the Node side: reply
          // and push accepted, a profile for every user. The tests read what was sent from the outbox in D1.
          outboundService: (request: Request) => {
            const url = new URL(request.url);
            if (url.pathname.startsWith('/v2/bot/profile/')) {
              return Response.json({ userId: url.pathname.split('/').pop(), displayName: 'Amy', language: 'en' });
            }
            if (url.pathname.startsWith('/v2/bot/message/')) return Response.json({ sentMessages: [] });
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
            LINE_API_BASE_URL: 'https://line-api.test',
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
