import { defineConfig } from 'vitest/config';

/** Config every package's vitest.config.ts extends: tests run against `src/` of workspace deps. */
export const sharedConfig = defineConfig({
  // No 'module' condition: vitest hands these to Node as --conditions too, and with 'module'
  // Node picks the AWS SDK's dist-es builds, whose extensionless imports it cannot load.
  resolve: { conditions: ['@sluice/source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@sluice/source', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
