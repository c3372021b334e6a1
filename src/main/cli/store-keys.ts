import { STORE_CODE_PATTERN } from '../../admin/domain/roles.js';
import type { StoreKeyView } from '../../stores/index.js';
import { CLI_ACTOR, type CliCommands } from './context.js';

const when = (at: number | null) => (at === null ? '-'.padEnd(24) : new Date(at).toISOString());

const describe = (k: StoreKeyView) =>
  [
    k.id,
    k.storeCode.padEnd(8),
    k.revokedAt === null ? 'live   ' : 'revoked',
    `created ${when(k.createdAt)}`,
    `last used ${when(k.lastUsedAt)}`,
    k.storeName,
  ].join('  ');

/**
 * `store-keys list [--store <code>] [--json]`, `store-keys revoke <id>`: store (POS) keys without their secrets; a
 * revoked key authenticates nothing from then on. `store-keys create <store> [--name]` makes one and prints it once
 * (as POST /admin/stores/{code}/keys does). Writes are audited as 'cli'.
 */
export const storeKeyCommands: CliCommands = (program, ctx) => {
  const keys = program.command('store-keys').description('Store (POS) API keys (stored hashed; never shown again)');

  keys
    .command('list')
    .description('list store keys (id, store, state, created, last used, store name)')
    .option('--store <code>', 'only this store')
    .option('--json', 'print JSON')
    .action((o: { store?: string; json?: boolean }) =>
      ctx.withServices(async ({ stores }) => {
        const all = await stores.listKeys(o.store);
        if (o.json) return ctx.out(JSON.stringify(all));
        if (all.length === 0) return ctx.out('no store keys');
        for (const k of all) ctx.out(describe(k));
      }),
    );

  keys
    .command('create')
    .description('create a key for a store (made if new; the demo has xinyi): printed once, stored hashed')
    .argument('<store>', 'the store code')
    .option('--name <name>', 'the store name shown beside its keys (default: the name it has)', '')
    .action((store: string, o: { name: string }) =>
      ctx.withServices(async ({ stores, directory, adminAccess }) => {
        if (!STORE_CODE_PATTERN.test(store)) {
          ctx.fail(`invalid_store_code: ${store.slice(0, 40)}`);
          process.exitCode = 1;
          return;
        }
        // Without --name the store keeps the name it has (a new store is named by its code).
        const name = o.name || (await directory.store(store))?.names['zh-TW'] || store;
        const key = await stores.createStoreKey(store, name);
        await adminAccess.recordAudit({
          ...CLI_ACTOR,
          method: 'CLI',
          path: 'store-keys create',
          status: 201,
          detail: { keyId: key.id, store },
        });
        ctx.out(`store ${store} key ${key.id}: ${key.key}`);
      }),
    );

  keys
    .command('revoke')
    .description('revoke a store key: the store API answers it 401 from now on')
    .argument('<id>', 'the key id (see store-keys list)')
    .action((id: string) =>
      ctx.withServices(async ({ stores, adminAccess }) => {
        const r = await stores.revokeKey(id);
        await adminAccess.recordAudit({
          ...CLI_ACTOR,
          method: 'CLI',
          path: 'store-keys revoke',
          status: r.ok ? 200 : 404,
          detail: { keyId: id.slice(0, 64), ...(r.ok && { store: r.value.storeCode }) },
        });
        if (!r.ok) {
          ctx.fail(`${r.error.code}: no store key ${id}`);
          process.exitCode = 1;
          return;
        }
        ctx.out(`revoked ${describe(r.value)}`);
      }),
    );
};
