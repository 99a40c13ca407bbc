import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // The runtime wire facts and `awslambda` compat, for @sluice/lambda-dev's emulator.
    'runtime/index': 'src/runtime/index.ts',
  },
  format: 'esm',
  platform: 'node',
  target: 'node24',
  dts: true,
  sourcemap: true,
  fixedExtension: false,
});
