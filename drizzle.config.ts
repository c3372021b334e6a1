import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // One schema file per module (src/ledger/db/schema.ts, src/channels/whatsapp/db/schema.ts ...).
  schema: './src/**/db/schema.ts',
  out: './migrations',
});
