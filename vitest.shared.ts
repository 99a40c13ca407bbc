import { defineConfig } from 'vitest/config';

/** Config every package's vitest.config.ts extends: tests run against `src/` of workspace deps. */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@sluice/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@sluice/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
