import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // The in-process runtime's worker thread entry (loaded by path, see
    // runtime-pool/runtime-process.ts).
    'in-process-runtime/worker': 'src/in-process-runtime/worker.ts',
    'cli/index': 'src/cli/index.ts',
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
