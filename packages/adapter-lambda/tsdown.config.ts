import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // The runtime wire facts and `awslambda` compat, for @sluice/lambda-dev's emulator.
    'runtime/index': 'src/runtime/index.ts',
    // The S3 overflow: its own entry, so only handlers that use it need the AWS SDK.
    s3: 'src/s3.ts',
  },
  format: 'esm',
  platform: 'node',
  target: 'node24',
  dts: true,
  sourcemap: true,
  // Maps give stack traces their src/ lines; the sources themselves are not shipped twice.
  outputOptions: { sourcemapExcludeSources: true },
  fixedExtension: false,
});
