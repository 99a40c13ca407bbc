// Size of a minimal streaming handler bundled and minified with esbuild: ours vs Hono's
// streamHandle, each with a bare fetch app and with a Hono app. Run: node bench/bundle-size.ts
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ours = `import { streamHandle } from '@sluice/adapter-lambda';`;
const hono = `import { streamHandle } from 'hono/aws-lambda';`;
const bareApp = `const app = { fetch: () => new Response('hi') };`;
const honoApp = `import { Hono } from 'hono';
const app = new Hono();
app.get('/', (c) => c.text('hi'));`;
const handler = `export const handler = streamHandle(app);`;

const cases: Record<string, string> = {
  'sluice, bare fetch app': [ours, bareApp, handler].join('\n'),
  'hono,   bare fetch app': [hono, bareApp, handler].join('\n'),
  'sluice, Hono app': [ours, honoApp, handler].join('\n'),
  'hono,   Hono app': [hono, honoApp, handler].join('\n'),
};

const packageDir = new URL('..', import.meta.url).pathname;
console.log('minimal streaming handler, esbuild --bundle --minify (platform node, esm):');
for (const [name, contents] of Object.entries(cases)) {
  const result = await build({
    stdin: { contents, resolveDir: packageDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    conditions: ['@sluice/source'],
    alias: { '@sluice/adapter-lambda': `${packageDir}src/index.ts` },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`  ${name}: ${kb(code.length).padStart(8)} (gzip ${kb(gzipSync(code).length)})`);
}
