import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node24',
  dts: true,
  sourcemap: true,
  // Maps give stack traces their src/ lines; the sources themselves are not shipped twice.
  outputOptions: { sourcemapExcludeSources: true },
  fixedExtension: false,
});
