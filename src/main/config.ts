import { Cron } from 'croner';
import { z } from 'zod';
import { isValidTimeZone } from '../kernel/time.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const cron = z.string().refine((v) => {
  try {
    new Cron(v, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}, 'must be a cron expression such as "0 12 * * *"');

/**
 * Every setting the app reads, parsed once at start. A missing or malformed value stops start-up with a
 * message that names the variable. Documented in README.md and .env.example.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    // The interface the Node server listens on; unset: 127.0.0.1 outside production, 0.0.0.0 in production.
    HOST: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:[\]_-]{1,253}$/, 'must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0')
      .optional(),
    DATABASE_PATH: z.string().min(1).default('./data/pointloop.db'),
    PROGRAM_TIMEZONE: z
      .string()
      .default('Asia/Taipei')
      .refine(isValidTimeZone, 'must be an IANA timezone such as Asia/Taipei'),
    PUBLIC_BASE_URL: z.string().url().optional(),
    BRAND_NAME: z.string().min(1).max(40).default('pointloop café'),
    DEFAULT_LANGUAGE: z.enum(['zh-TW', 'en']).default('zh-TW'),
    TERMS_URL: z.string().url().default('https://example.com/terms'),
    PRIVACY_URL: z.string().url().default('https://example.com/privacy'),
    CONSENT_VERSION: z.string().min(1).default('2026-01'),
    LINE_CHANNEL_SECRET: z.string().min(1).optional(),
    LINE_CHANNEL_ACCESS_TOKEN: z.string().min(1).optional(),
    LINE_API_BASE_URL: z.string().url().default('https://api.line.me'),
    // LINE's data host (rich menu images); tests point it at the fake LINE API.
    LINE_DATA_API_BASE_URL: z.string().url().default('https://api-data.line.me'),
    // LINE rich menus (flex-templates/rich-menus/): on when LINE is; the pause between two bulk link calls.
    RICH_MENUS: bool.default(true),
    RICH_MENU_BULK_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(500),
    SEED_DEMO: bool.default(true),
    ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    QR_SIGNING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    FLEX_TEMPLATES_DIR: z.string().min(1).default('flex-templates'),
    SIMULATOR: bool.optional(),
    EXPIRY_SWEEP_CRON: cron.default('10 0 * * *'),
    REMINDERS_CRON: cron.default('0 12 * * *'),
    // Workers: the UTC cron triggers of wrangler.toml that run the same two jobs (16:10 UTC = 00:10 Asia/Taipei).
    EXPIRY_SWEEP_CRON_UTC: cron.default('10 16 * * *'),
    REMINDERS_CRON_UTC: cron.default('0 4 * * *'),
    SCHEDULER: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
    /** Unset: pretty (readable lines) outside production on a terminal, JSON otherwise. */
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    WHATSAPP_WEB: bool.default(false),
    WHATSAPP_WEB_SESSION_DIR: z.string().min(1).default('./data/wwebjs-auth'),
    WHATSAPP_WEB_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),
    WHATSAPP_WEB_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
    WHATSAPP_WEB_GLOBAL_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(40),
    WHATSAPP_CLOUD_ACCESS_TOKEN: z.string().min(1).optional(),
    WHATSAPP_CLOUD_APP_SECRET: z.string().min(1).optional(),
    WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().min(1).optional(),
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: z.string().regex(/^\d+$/, 'must be the numeric phone number id').optional(),
    WHATSAPP_GRAPH_BASE_URL: z.string().url().default('https://graph.facebook.com/v21.0'),
    BROADCAST_FREQUENCY_CAP: z.coerce.number().int().min(1).max(1000).default(3),
    // LINE allows 200 multicast requests a second per channel; staying under it leaves room for replies.
    BROADCAST_LINE_RPS: z.coerce.number().min(0.1).max(2000).default(100),
    BROADCAST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    BROADCAST_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
    BROADCAST_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
    // Work per run (LINE batches of 500, or 100 outbox hand-offs); 0 = unbounded. wrangler.toml bounds it so one
    // cron invocation stays within the Workers subrequest and D1 query limits.
    BROADCAST_UNITS_PER_RUN: z.coerce.number().int().min(0).max(100_000).default(0),
    // Link codes (src/members/domain/link-code.ts): wrong codes checked per 60 seconds, program-wide; past it every
    // code sent is answered "too many tries, wait a minute" unchecked.
    LINK_MAX_WRONG_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
    // The event pipeline (src/inbox): retries of replies and turns, delivery apart from processing, retention.
    // A failed reply is tried again after RETRY_BACKOFF_MS, doubling (with jitter) up to RETRY_BACKOFF_MAX_MS, or
    // after the platform's Retry-After; it is failed for good once OUTBOX_RETRY_BUDGET_MS have passed since it was
    // written. The same backoff spaces the retries of a turn the database could not commit.
    RETRY_BACKOFF_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
    RETRY_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(300_000),
    OUTBOX_RETRY_BUDGET_MS: z.coerce.number().int().min(1000).max(2_592_000_000).default(86_400_000),
    // Members whose replies are in flight at once, and how long one LINE or Graph call may take.
    OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    OUTBOX_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    // A turn that fails for a reason other than the database (a bug) is given up after this many attempts.
    INBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    // Node's SQLite: one try waits at most DATABASE_BUSY_TIMEOUT_MS for another process's lock (synchronously: the
    // event loop stands still), then tries again asynchronously for up to DATABASE_BUSY_RETRY_MS.
    DATABASE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(5000).default(100),
    DATABASE_BUSY_RETRY_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    // Processed inbox payloads and delivered outbox bodies (what members typed: names, phone numbers) are blanked
    // after RETENTION_DAYS; the ids that recognise a redelivery stay. Daily at RETENTION_CRON (program time, Node),
    // and on Workers on the trigger RETENTION_CRON_UTC (one of wrangler.toml's crons).
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    RETENTION_CRON: cron.default('30 3 * * *'),
    RETENTION_CRON_UTC: cron.default('10 16 * * *'),
    // Purchases through the store API (src/purchases): how far back a purchase's `at` may lie (late sync from a POS
    // that was offline), and the stores that may name a member by phone number (comma-separated codes, or *).
    PURCHASE_LATE_DAYS: z.coerce.number().int().min(0).max(365).default(7),
    PURCHASE_PHONE_STORES: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    // Signs the rotating member tokens a POS scans (5 minutes); unset: QR_SIGNING_SECRET's value.
    MEMBER_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    // Whether the member card shows the static member code beside the rotating token (false: the token only).
    CARD_SHOWS_MEMBER_CODE: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
  })
  .refine((c) => Boolean(c.LINE_CHANNEL_SECRET) === Boolean(c.LINE_CHANNEL_ACCESS_TOKEN), {
    message: 'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set together',
    path: ['LINE_CHANNEL_ACCESS_TOKEN'],
  })
  .refine(
    (c) =>
      new Set(
        [
          c.WHATSAPP_CLOUD_ACCESS_TOKEN,
          c.WHATSAPP_CLOUD_APP_SECRET,
          c.WHATSAPP_CLOUD_VERIFY_TOKEN,
          c.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
        ].map(Boolean),
      ).size === 1,
    {
      message:
        'WHATSAPP_CLOUD_ACCESS_TOKEN, WHATSAPP_CLOUD_APP_SECRET, WHATSAPP_CLOUD_VERIFY_TOKEN and WHATSAPP_CLOUD_PHONE_NUMBER_ID must be set together',
      path: ['WHATSAPP_CLOUD_ACCESS_TOKEN'],
    },
  );

export type AppConfig = z.output<typeof configSchema> & {
  /** Where the Node server listens: HOST, else 127.0.0.1 outside production (0.0.0.0 in production). */
  readonly host: string;
  readonly lineEnabled: boolean;
  readonly publicBaseUrl: string;
  /** Signs QR links. A development default exists only outside production, where it would let anyone forge links. */
  readonly qrSecret: string;
  /** Signs member tokens: MEMBER_TOKEN_SECRET, else the QR secret. */
  readonly memberTokenSecret: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // Empty strings (an unset line in .env) count as unset.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`));
  }
  const c = parsed.data;
  const qrSecret = c.QR_SIGNING_SECRET ?? c.LINE_CHANNEL_SECRET;
  if (!qrSecret && c.NODE_ENV === 'production') {
    throw new ConfigError([
      'QR_SIGNING_SECRET: required in production (16+ characters) unless LINE_CHANNEL_SECRET is set',
    ]);
  }
  return {
    ...c,
    qrSecret: qrSecret ?? 'pointloop-development-qr-secret',
    memberTokenSecret: c.MEMBER_TOKEN_SECRET ?? qrSecret ?? 'pointloop-development-qr-secret',
    host: c.HOST ?? (c.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    lineEnabled: Boolean(c.LINE_CHANNEL_SECRET && c.LINE_CHANNEL_ACCESS_TOKEN),
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
  };
}

/** The Cloud API channel is on when its four settings are set (the schema refuses a partial set). */
export function whatsappCloudEnabled(c: AppConfig): boolean {
  return Boolean(
    c.WHATSAPP_CLOUD_ACCESS_TOKEN &&
      c.WHATSAPP_CLOUD_APP_SECRET &&
      c.WHATSAPP_CLOUD_VERIFY_TOKEN &&
      c.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
  );
}
