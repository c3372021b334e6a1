/** The module rules of docs/architecture.md, checked by `npm run depcheck` (part of `npm test`). */
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
