// The cold path of a minimal streaming handler, as a user bundles it: importing it must load no
// Node built-in and no lazily loaded global (Request/Response pull in Node's fetch, ~35 ms).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcePath } from '../../test-fixtures/adapter/bundle.ts';

const run = promisify(execFile);
let dir: string;
let file: string;
let bytes: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-cold-'));
  file = join(dir, 'index.mjs');
  const result = await build({
    stdin: {
      contents: `import { streamHandle } from '@sluice/adapter-lambda';
        export const handler = streamHandle({ fetch: () => new Response('hi') });`,
      resolveDir: dir,
      loader: 'ts',
    },
    alias: { '@sluice/adapter-lambda': sourcePath('index.ts') },
    conditions: ['@sluice/source'],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  bytes = result.metafile.outputs[Object.keys(result.metafile.outputs)[0] ?? '']?.bytes ?? 0;
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Node-internal modules the import of `module` loads in a fresh process (no awslambda global). */
async function loadedByImport(module: string, after = ''): Promise<string[]> {
  const script = `const before = new Set(process.moduleLoadList);
    const { handler } = await import(${JSON.stringify(module)});
    if (typeof handler !== 'function') throw new Error('no handler');
    ${after}
    console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout) as string[];
}

describe('a minimal streamHandle bundle', () => {
  it('is small', () => {
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(30 * 1024);
  });

  it('loads no Node module at import, not even Node’s fetch', async () => {
    expect(await loadedByImport(file)).toEqual([]);
  });

  it('(the check sees a load: touching Request loads Node’s fetch)', async () => {
    expect(await loadedByImport(file, 'globalThis.Request;')).toContain(
      'NativeModule internal/deps/undici/undici',
    );
  });
});
