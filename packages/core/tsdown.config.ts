import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    testing: 'src/testing.ts',
    // The two `#checksum` targets (package.json `imports`): node:crypto/zlib on Node, portable
    // code elsewhere. Kept external so each runtime resolves its own at import time.
    'hash/node': 'src/hash/node.ts',
    'hash/web': 'src/hash/web.ts',
  },
  deps: { neverBundle: ['#checksum', /^node:/] },
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  dts: true,
  sourcemap: true,
  // Maps give stack traces their src/ lines; the sources themselves are not shipped twice.
  outputOptions: { sourcemapExcludeSources: true },
  fixedExtension: false,
});
