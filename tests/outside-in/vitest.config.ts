import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: 'outside-in',
      // npm installs, tsc and a dev server on a shared 2-core box: generous, never tight.
      testTimeout: 300_000,
      hookTimeout: 900_000,
    },
  }),
);
