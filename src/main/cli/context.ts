import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { openSqlite } from '../../db/sqlite.js';
import { systemClock } from '../../kernel/clock.js';
import { lineChannel } from '../channels.js';
import { composeServices, type Services } from '../compose.js';
import { type AppConfig, parseConfig } from '../config.js';
import { consoleLogger } from '../console-logger.js';
import { flexFromTemplatesDir } from '../line.js';
import { lineRichMenuParts } from '../rich-menu-services.js';
import { loadRichMenus } from '../rich-menus.js';

/** What every command group gets: output, and the same database and services as the Node server. */
export interface CliContext {
  /** A line on stdout (what the command produced). */
  out(line: string): void;
  /** A line on stderr (what went wrong). */
  fail(line: string): void;
  /**
   * Opens DATABASE_PATH (migrations applied, as the server does at start) and composes the services, runs `work`,
   * and closes the database however `work` ends.
   */
  withServices<T>(work: (services: Services) => Promise<T>): Promise<T>;
}

/**
 * A command group: registers its commands on the program. One file per group in src/main/cli/, composed by
 * src/main/cli.ts, e.g.
 *
 *   export const broadcastCommands: CliCommands = (program, ctx) => {
 *     const group = program.command('broadcast').description('Broadcasts to segments');
 *     group.command('list').action(() => ctx.withServices(async (s) => { ... ctx.out(...) }));
 *   };
 *
 * A refusal sets `process.exitCode = 1` after `ctx.fail(...)`; a fault throws (exit code 1, message on stderr).
 */
export type CliCommands = (program: Command, ctx: CliContext) => void;

/** The actor recorded in created_by and in the audit log for what the command line does. */
export const CLI_ACTOR = { actor: 'cli', role: 'owner' } as const;

export function nodeCliContext(env: Record<string, string | undefined> = process.env): CliContext {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    fail: (line) => process.stderr.write(`${line}\n`),
    async withServices(work) {
      const config: AppConfig = parseConfig(env);
      const db = openSqlite({
        path: config.DATABASE_PATH,
        migrationsFolder: fileURLToPath(new URL('../../../migrations', import.meta.url)),
      });
      // LINE for broadcasts sent from the command line (multicast only: replies stay with the server).
      const log = consoleLogger('warn');
      const line = lineChannel(config, log, flexFromTemplatesDir(config, log));
      const lineRichMenus = lineRichMenuParts(config, () => loadRichMenus(config.FLEX_TEMPLATES_DIR));
      try {
        const services = composeServices({
          config,
          db,
          clock: systemClock,
          // Logs go to stderr (warnings and errors only), so stdout carries only what a command prints.
          log,
          qr: { memberQrUrl: async () => '' },
          senders: {},
          profiles: {},
          ...(line && { lineMulticast: line.multicast }),
          ...(lineRichMenus && { lineRichMenus }),
          // The outbox (chat replies, WhatsApp broadcast messages) is delivered by the server only.
          deliversOutbox: false,
        });
        return await work(services);
      } finally {
        db.close();
      }
    },
  };
}
