/** The module rules of docs/architecture.md, checked by `npm run depcheck` (part of `npm test`). */
/** Capability modules: each is used by the others only through its index.ts (or its pure domain/). */
const MODULES =
  '(ledger|members|conversation|inbox|settings|checkin|giveaways|coupons|stores|earn|purchases|broadcasts|admin)';
const FRAMEWORKS = '^node_modules/(hono|@hono|drizzle-orm|better-sqlite3|@line|whatsapp-web\\.js|@cloudflare)';
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: "a module's domain/ (and the kernel) import only zod, the kernel and other modules' domain/",
      severity: 'error',
      from: { path: '^src/(kernel/|[^/]+/domain/)', pathNot: '^src/kernel/db/' },
      to: { pathNot: ['^src/kernel/', '^src/[^/]+/domain/', '^node_modules/zod'] },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      from: { path: '^src/(kernel/|[^/]+/domain/)', pathNot: '^src/kernel/db/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'service-no-frameworks',
      comment: 'use cases (service.ts, store.ts, chat.ts, jobs.ts) know no web framework, driver, chat SDK or node:*',
      severity: 'error',
      from: { path: '^src/[^/]+/(service|store|chat|jobs)\\.ts$' },
      to: { path: FRAMEWORKS },
    },
    {
      name: 'service-no-node-builtins',
      severity: 'error',
      from: { path: '^src/[^/]+/(service|store|chat|jobs)\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'drivers-only-in-db',
      comment: 'drizzle-orm and better-sqlite3 are used only by db/ folders (the only place SQL lives)',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/db/', '^src/[^/]+/db/', '^src/channels/[^/]+/db/'] },
      to: { path: '^node_modules/(drizzle-orm|better-sqlite3)' },
    },
    {
      name: 'modules-through-index',
      comment: 'another module is used through its index.ts (or its pure domain/), never through its internals',
      severity: 'error',
      from: { path: `^src/${MODULES}/` },
      to: { path: `^src/${MODULES}/`, pathNot: ['^src/$1/', `^src/${MODULES}/(index\\.ts|domain/|db/schema\\.ts$)`] },
    },
    {
      name: 'schemas-reference-schemas',
      comment:
        "a table's foreign keys name other modules' tables: db/ code may import another db/schema.ts, nothing else",
      severity: 'error',
      from: { path: `^src/${MODULES}/db/` },
      to: { path: `^src/${MODULES}/db/`, pathNot: ['^src/$1/', `^src/${MODULES}/db/schema\\.ts$`] },
    },
    {
      name: 'outside-through-index',
      comment:
        'channels and drivers use a module through its index.ts (or its pure domain/); main and http may also take ' +
        "a module's routes (http.ts), jobs (jobs.ts) and chat commands (chat.ts), which they collect",
      severity: 'error',
      from: { path: '^src/(channels|http|main|db)/' },
      to: {
        path: `^src/${MODULES}/`,
        pathNot: [`^src/${MODULES}/(index\\.ts|domain/)`, `^src/${MODULES}/(http|jobs|chat)\\.ts$`],
      },
    },
    {
      name: 'only-main-collects',
      comment: "only main and http take a module's routes, jobs or chat directly",
      severity: 'error',
      from: { path: '^src/(channels|db)/' },
      to: { path: `^src/${MODULES}/(http|jobs|chat)\\.ts$` },
    },
    {
      name: 'nothing-on-main',
      comment: 'src/main composes; nothing imports it back',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main/' },
      to: { path: '^src/main/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
