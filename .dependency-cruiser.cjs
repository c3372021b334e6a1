/** The domain is pure TypeScript: it may import zod and itself, nothing that ties it to a runtime or a channel. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing but zod and itself (see docs/architecture.md)',
      severity: 'error',
      from: { path: '^src/domain' },
      to: {
        pathNot: ['^src/domain', '^node_modules/zod'],
      },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'app-not-on-adapters',
      comment: 'use cases depend on ports, never on adapters or composition roots',
      severity: 'error',
      from: { path: '^src/app' },
      to: { path: '^src/(adapters|main)' },
    },
    {
      name: 'adapters-not-on-main',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: '^src/main' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
