// Issue 7, item 6: the Lambda cold path of a minimal streaming handler, ours vs Hono's
// streamHandle: esbuild --bundle --minify size, and the time to import the bundle in a fresh
// `node` process (median of RUNS processes, interleaved). Each with a bare fetch app and with a
// Hono app. An empty module's import time is measured alongside as the loader's floor.
// The goal figure preloads the built-ins aws-lambda-ric loads before the handler (node:http...),
// as on Lambda; the bare fresh-process figure (nothing preloaded) is reported too.
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { emit, median, quick } from '../lib/record.ts';
import { interleaved } from '../lib/stats.ts';
import { bundle, bundleDir } from './_lib/bundle.ts';

const RUNS = quick ? 3 : 15;
const ours = `import { streamHandle } from '@sluice/adapter-lambda';`;
const hono = `import { streamHandle } from 'hono/aws-lambda';`;
const bareApp = `const app = { fetch: () => new Response('hi') };`;
const honoApp = `import { Hono } from 'hono';
const app = new Hono();
app.get('/', (c) => c.text('hi'));`;
const handler = `export const handler = streamHandle(app);`;

const cases = {
  'sluice-bare': [ours, bareApp, handler],
  'hono-bare': [hono, bareApp, handler],
  'sluice-hono-app': [ours, honoApp, handler],
  'hono-hono-app': [hono, honoApp, handler],
} as const;
type Case = keyof typeof cases;

const dir = bundleDir();
const files = new Map<Case | 'empty', string>();
const sizes = new Map<Case, { bytes: number; gzip: number }>();
for (const [name, lines] of Object.entries(cases) as [Case, readonly string[]][]) {
  const file = join(dir, `${name}.mjs`);
  const code = await bundle(lines.join('\n'), file);
  files.set(name, file);
  sizes.set(name, { bytes: code.byteLength, gzip: gzipSync(code).byteLength });
}
files.set('empty', join(dir, 'empty.mjs'));
writeFileSync(files.get('empty')!, 'export const handler = () => {};\n');

const run = promisify(execFile);
const importer = new URL('./_lib/import-time.ts', import.meta.url).pathname;
const importMs = async (name: Case | 'empty', runtime: boolean) => {
  const args = [importer, files.get(name)!, ...(runtime ? ['--runtime'] : [])];
  const { stdout } = await run(process.execPath, args);
  return Number(stdout);
};
const times = await interleaved([...files.keys()], RUNS, (name) => importMs(name, true));
const ms = (name: Case | 'empty') => median(times.get(name)!);
const bare = ['sluice-bare', 'hono-bare', 'empty'] as const;
const noRuntime = await interleaved(bare, RUNS, (name) => importMs(name, false));
const noRuntimeMs = (name: (typeof bare)[number]) => median(noRuntime.get(name)!);

const KB = 1024;
const appName = { bare: 'bare fetch app', 'hono-app': 'Hono app' } as const;
for (const app of ['bare', 'hono-app'] as const) {
  const mine = sizes.get(`sluice-${app}`)!;
  const theirs = sizes.get(`hono-${app}`)!;
  emit({
    id: `lambda.cold.bundle-size.${app}`,
    title: `Lambda minimal streaming handler (${appName[app]}): esbuild minified size, vs Hono streamHandle`,
    unit: 'KB',
    value: mine.bytes / KB,
    baseline: { name: 'Hono streamHandle, same app', value: theirs.bytes / KB },
    ...(app === 'bare' ? { goal: '<= 30 KB', met: mine.bytes <= 30 * KB } : {}),
    detail: `esbuild --bundle --minify, esm, node24; gzip: ours ${(mine.gzip / KB).toFixed(1)} KB, Hono ${(theirs.gzip / KB).toFixed(1)} KB`,
  });
  emit({
    id: `lambda.cold.import-time.${app}`,
    title: `Lambda minimal streaming handler (${appName[app]}): import in a fresh process with the runtime loaded, vs Hono streamHandle`,
    unit: 'ms',
    value: ms(`sluice-${app}`),
    baseline: { name: 'Hono streamHandle, same app', value: ms(`hono-${app}`) },
    ...(app === 'bare' ? { goal: '<= 15 ms', met: ms(`sluice-${app}`) <= 15 } : {}),
    detail: `median of ${RUNS} fresh node processes with aws-lambda-ric's built-ins preloaded, interleaved; an empty module takes ${ms('empty').toFixed(2)} ms`,
  });
}
emit({
  id: 'lambda.cold.import-time.bare.no-runtime',
  title: 'Minimal streaming handler (bare fetch app): import in a bare fresh process, vs Hono',
  unit: 'ms',
  value: noRuntimeMs('sluice-bare'),
  baseline: { name: 'Hono streamHandle, same app', value: noRuntimeMs('hono-bare') },
  detail: `median of ${RUNS} fresh node processes, nothing preloaded (includes loading node:http etc.), interleaved; an empty module takes ${noRuntimeMs('empty').toFixed(2)} ms`,
});
rmSync(dir, { recursive: true, force: true });
