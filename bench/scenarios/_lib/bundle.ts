// esbuild bundles of Lambda handlers, minified, as a user would deploy them. Workspace packages
// are bundled from their TypeScript source (the `@sluice/source` condition), so no build needed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;

/** A fresh temporary folder for bundles (a Lambda task root). */
export function bundleDir(): string {
  return mkdtempSync(join(tmpdir(), 'sluice-bench-'));
}

/** Bundles `source` (module text resolved from this folder) to `outfile`; returns its bytes. */
export async function bundle(source: string, outfile: string): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: 'ts', sourcefile: 'handler.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    conditions: ['@sluice/source'],
    outfile,
    write: true,
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed for ${outfile}`);
  return readFileSync(outfile);
}
