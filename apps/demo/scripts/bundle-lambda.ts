// Bundles src/lambda.ts (+ the workspace packages, from source) into one ESM file for Lambda:
// dist/lambda/index.mjs, handlers `index.handler` (streaming) and `index.bufferedHandler`.
// The AWS SDK (S3 client, lib-storage, presigner, for the buffered handler's S3 overflow) is
// bundled too: the nodejs24.x runtime ships a client-s3 of its own choosing and is not
// guaranteed to ship lib-storage or the presigner. It is only loaded on the first overflow.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export const LAMBDA_BUNDLE = resolve(root, 'dist/lambda/index.mjs');

export function lambdaBuildOptions(outFile: string): BuildOptions {
  return {
    entryPoints: [resolve(root, 'src/lambda.ts')],
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    conditions: ['@sluice/source'],
    sourcemap: 'linked',
    // CommonJS dependencies (undici, the Redis client) require() Node built-ins.
    banner: {
      js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}

export async function bundleLambda(outFile = LAMBDA_BUNDLE): Promise<string> {
  await mkdir(dirname(outFile), { recursive: true });
  await build(lambdaBuildOptions(outFile));
  return outFile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await bundleLambda(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`lambda bundle: ${out}`);
}
