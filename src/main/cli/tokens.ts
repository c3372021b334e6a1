import { Option } from 'commander';
import { ADMIN_ROLES, type AdminRole } from '../../admin/domain/roles.js';
import type { AdminTokenView } from '../../admin/index.js';
import { CLI_ACTOR, type CliCommands } from './context.js';

const describe = (t: AdminTokenView) =>
  [
    t.id,
    t.role.padEnd(7),
    t.revokedAt === null ? 'live   ' : 'revoked',
    new Date(t.createdAt).toISOString(),
    `by ${t.createdBy}`,
    ...(t.role === 'store' ? [`store ${t.storeCode ?? '(none: re-issue)'}`] : []),
    t.name,
  ].join('  ');

/**
 * `tokens create --name <n> --role <r> [--store <code>]`, `tokens list`, `tokens revoke <id>`: each write is audited
 * as 'cli'. A store token is bound to the one store named by --store.
 */
export const tokenCommands: CliCommands = (program, ctx) => {
  const tokens = program.command('tokens').description('Admin API tokens (stored hashed; shown once at creation)');

  tokens
    .command('create')
    .description('create a token and print it once')
    .requiredOption('--name <name>', 'who or what uses the token')
    .addOption(new Option('--role <role>', 'what it may do').choices(ADMIN_ROLES).makeOptionMandatory())
    .option('--store <code>', 'the one store a store token acts for (required with --role store)')
    .option('--json', 'print JSON')
    .action((o: { name: string; role: AdminRole; store?: string; json?: boolean }) =>
      ctx.withServices(async ({ adminAccess }) => {
        const input = { name: o.name, role: o.role, ...(o.store !== undefined && { storeCode: o.store }) };
        const r = await adminAccess.createToken(input, CLI_ACTOR.actor);
        const status = r.ok ? 201 : 400;
        await adminAccess.recordAudit({
          ...CLI_ACTOR,
          method: 'CLI',
          path: 'tokens create',
          status,
          detail: r.ok
            ? {
                tokenId: r.value.token.id,
                role: r.value.token.role,
                ...(r.value.token.storeCode !== null && { store: r.value.token.storeCode }),
              }
            : { error: r.error.code },
        });
        if (!r.ok) {
          ctx.fail(`${r.error.code}: ${r.error.message}`);
          process.exitCode = 1;
          return;
        }
        const { id, name, role, storeCode } = r.value.token;
        if (o.json) return ctx.out(JSON.stringify({ id, name, role, storeCode, token: r.value.plain }));
        ctx.out(`id     ${id}`);
        ctx.out(`name   ${name}`);
        ctx.out(`role   ${role}`);
        if (storeCode !== null) ctx.out(`store  ${storeCode}`);
        ctx.out(`token  ${r.value.plain}`);
        ctx.out('The token is shown only now: only its hash is stored.');
      }),
    );

  tokens
    .command('list')
    .description('list tokens (id, role, state, created, by, name)')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      ctx.withServices(async ({ adminAccess }) => {
        const all = await adminAccess.listTokens();
        if (o.json) return ctx.out(JSON.stringify(all));
        if (all.length === 0) return ctx.out('no tokens');
        for (const t of all) ctx.out(describe(t));
      }),
    );

  tokens
    .command('revoke')
    .description('revoke a token: it authenticates nothing afterwards')
    .argument('<id>', 'the token id (see tokens list)')
    .action((id: string) =>
      ctx.withServices(async ({ adminAccess }) => {
        const r = await adminAccess.revokeToken(id);
        await adminAccess.recordAudit({
          ...CLI_ACTOR,
          method: 'CLI',
          path: 'tokens revoke',
          status: r.ok ? 200 : 404,
          detail: { tokenId: id.slice(0, 64) },
        });
        if (!r.ok) {
          ctx.fail(`${r.error.code}: no token ${id}`);
          process.exitCode = 1;
          return;
        }
        ctx.out(`revoked ${describe(r.value)}`);
      }),
    );
};
