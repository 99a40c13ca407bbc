import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // The local dev server: its own subpath, so a Lambda bundle never pulls it in.
    'dev/index': 'src/dev/index.ts',
    // The in-process runtime's worker thread entry (loaded by path, see dev/runtime-process.ts).
    'dev-runtime/worker': 'src/dev-runtime/worker.ts',
    'cli/index': 'src/cli/index.ts',
  },
  format: 'esm',
  platform: 'node',
  target: 'node24',
  dts: true,
  sourcemap: true,
  fixedExtension: false,
});
