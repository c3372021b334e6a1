// The command line: `npm run cli -- <group> <command>` (tsx src/main/cli.ts). It opens the same SQLite file as
// the Node server (DATABASE_PATH, from the environment or ./.env) and applies migrations first. Command groups
// live in src/main/cli/, one file each (see CliCommands in cli/context.ts); this file only composes them.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { broadcastCommands } from './cli/broadcast.js';
import { type CliCommands, type CliContext, nodeCliContext } from './cli/context.js';
import { richMenuCommands } from './cli/rich-menus.js';
import { storeKeyCommands } from './cli/store-keys.js';
import { tokenCommands } from './cli/tokens.js';
import { ConfigError } from './config.js';

const GROUPS: readonly CliCommands[] = [tokenCommands, storeKeyCommands, broadcastCommands, richMenuCommands];

export function buildCli(ctx: CliContext): Command {
  const program = new Command('pointloop').description('pointloop administration').showHelpAfterError();
  for (const register of GROUPS) register(program, ctx);
  return program;
}

const isEntryPoint = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntryPoint) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  buildCli(nodeCliContext())
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(error instanceof ConfigError ? 78 : 1);
    });
}
