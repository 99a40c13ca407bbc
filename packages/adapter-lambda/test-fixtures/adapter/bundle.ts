// Bundles a handler module (the test app + this package, from source) into one .mjs, the way a
// user's build would, so aws-lambda-ric can load it in the dev server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageRoot = resolve(fileURLToPath(import.meta.url), '../../..');

export const fixturePath = (file: string): string =>
  join(packageRoot, 'test-fixtures/adapter', file);
export const sourcePath = (file: string): string => join(packageRoot, 'src', file);

export interface BundledHandler {
  /** Absolute path of the bundled `index.mjs`. */
  file: string;
  dir: string;
  remove(): Promise<void>;
}

/** The test app behind `streamHandle`, exported as `handler`. */
export const STREAMING_TEST_APP = `
  import { streamHandle } from '@sluice/adapter-lambda';
  import { createTestApp } from '#test-app';
  export const handler = streamHandle(createTestApp());
`;

/**
 * `entrySource` may import from `@sluice/adapter-lambda` (and `/s3`), `#test-app` and absolute
 * paths.
 */
export async function bundleHandler(entrySource: string): Promise<BundledHandler> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-lambda-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(entry, entrySource);
  const file = join(dir, 'index.mjs');
  const remove = () => rm(dir, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    conditions: ['@sluice/source'],
    alias: {
      '@sluice/adapter-lambda': sourcePath('index.ts'),
      '@sluice/adapter-lambda/s3': sourcePath('s3.ts'),
      '#test-app': fixturePath('app.ts'),
    },
    nodePaths: [join(packageRoot, 'node_modules')],
    // CommonJS dependencies (the AWS SDK) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  }).catch(async (error: unknown) => {
    await remove();
    throw error;
  });
  return { file, dir, remove };
}
