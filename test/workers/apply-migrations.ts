import { applyD1Migrations, env } from 'cloudflare:test';

// Idempotent: D1 records applied migrations in d1_migrations, as `wrangler d1 migrations apply` does.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
