// The published packages of this repository, built and packed the way `pnpm release` does.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../../../../scripts/package-check/pack.ts';
import { pnpmPack } from '../../../../scripts/package-check/pack.ts';
import { run } from './run.ts';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface WorkspacePackage {
  name: string;
  dir: string;
  manifest: Manifest;
  /** Its public entries as import specifiers: `@sluice/core`, `@sluice/core/node`... */
  entries: string[];
  readme: string;
}

export async function publishedPackages(): Promise<WorkspacePackage[]> {
  const packagesDir = join(ROOT, 'packages');
  const found: WorkspacePackage[] = [];
  for (const folder of (await readdir(packagesDir)).sort()) {
    const dir = join(packagesDir, folder);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
    } catch {
      continue; // not a package
    }
    if (manifest.private) continue;
    const subpaths = Object.keys((manifest.exports ?? { '.': null }) as object);
    const entries = subpaths.map((subpath) => manifest.name + subpath.slice(1));
    found.push({ name: manifest.name, dir, manifest, entries, readme: join(dir, 'README.md') });
  }
  return found;
}

/** `turbo run build` of every package: a cache hit after `npm test`'s own build. */
export async function buildPackages(): Promise<void> {
  await run(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    {
      cwd: ROOT,
      timeoutMs: 600_000,
    },
  );
}

/** `pnpm pack` of each package into `dest`; package name -> tarball path. */
export async function packPackages(
  packages: WorkspacePackage[],
  dest: string,
): Promise<Map<string, string>> {
  const tarballs = new Map<string, string>();
  for (const pkg of packages) tarballs.set(pkg.name, await pnpmPack(pkg.dir, dest));
  return tarballs;
}

/** `name` and the workspace packages it depends on, transitively (what npm would fetch). */
export function withWorkspaceDependencies(names: string[], packages: WorkspacePackage[]): string[] {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const result = new Set<string>();
  const visit = (name: string) => {
    const pkg = byName.get(name);
    if (!pkg || result.has(name)) return;
    result.add(name);
    const deps = (pkg.manifest.dependencies ?? {}) as Record<string, string>;
    for (const dep of Object.keys(deps)) visit(dep);
  };
  for (const name of names) visit(name);
  return [...result];
}

/** The version range the workspace itself uses for `dependency` (first manifest naming it). */
export async function workspaceRange(dependency: string): Promise<string> {
  for (const dir of [ROOT, ...(await publishedPackages()).map((pkg) => pkg.dir)]) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const range = (manifest[field] as Record<string, string> | undefined)?.[dependency];
      if (range && !range.startsWith('workspace:')) return range;
    }
  }
  throw new Error(`no workspace manifest names ${dependency}`);
}
