import type { D1Migration } from '@cloudflare/vitest-pool-workers';

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      TEST_MIGRATIONS: D1Migration[];
      QR_SIGNING_SECRET: string;
      ADMIN_TOKEN: string;
      PUBLIC_BASE_URL: string;
      LINE_CHANNEL_SECRET: string;
      LINE_CHANNEL_ACCESS_TOKEN: string;
      LINE_API_BASE_URL: string;
      LINE_DATA_API_BASE_URL: string;
      SEED_DEMO: string;
      DEFAULT_LANGUAGE: string;
    }
  }
}
