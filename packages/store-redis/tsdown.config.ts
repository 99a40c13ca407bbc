import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node24',
  deps: {
    // node-redis is CommonJS that require()s Node built-ins. Left external, a user's ESM bundle
    // (esbuild --format=esm) turns those into a `require` shim that throws at import ("Dynamic
    // require of node:crypto"). Bundled here, rolldown emits ESM with a createRequire of its own.
    alwaysBundle: ['@redis/client'],
    onlyBundle: ['@redis/client'],
    // Its optional peers, require()d lazily inside a try: stay whatever the user installed.
    neverBundle: ['@opentelemetry/api', '@node-rs/xxhash'],
  },
  dts: true,
  sourcemap: true,
  // Maps give stack traces their src/ lines; the sources themselves are not shipped twice.
  outputOptions: { sourcemapExcludeSources: true },
  fixedExtension: false,
});
