import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'test/workers/vitest.config.ts',
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
