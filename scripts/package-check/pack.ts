// Packs a workspace package exactly as `pnpm release` publishes it (`pnpm pack`: workspace
// ranges rewritten, `publishConfig` applied, `prepack` run) and reads the tarball back.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PackedPackage {
  /** Absolute path of the `.tgz`. */
  tarball: string;
  /** The manifest inside the tarball. */
  manifest: Manifest;
  /** Paths inside the tarball, relative to its `package/` folder. */
  files: string[];
  /** Where the tarball was unpacked (its `package/` folder). */
  dir: string;
}

export type Manifest = Record<string, unknown> & { name: string; version: string };

/** `pnpm pack` of `packageDir` into `destDir` (created if needed); returns the tarball's path. */
export async function pnpmPack(packageDir: string, destDir: string): Promise<string> {
  await mkdir(destDir, { recursive: true });
  const before = new Set(await readdir(destDir));
  await run('pnpm', ['pack', '--pack-destination', destDir], {
    cwd: packageDir,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stderr?: string; stdout?: string }) => {
    throw new Error(`pnpm pack failed in ${packageDir}:\n${error.stderr || error.stdout || error}`);
  });
  const created = (await readdir(destDir)).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (created.length !== 1) {
    throw new Error(`pnpm pack in ${packageDir} made ${created.length} tarballs: ${created}`);
  }
  return join(destDir, created[0]!);
}

/** Unpacks `tarball` into a fresh folder under `parentDir` (default: the OS temp dir). */
export async function readPacked(tarball: string, parentDir = tmpdir()): Promise<PackedPackage> {
  const into = await mkdtemp(join(parentDir, 'sluice-packed-'));
  await run('tar', ['-xzf', tarball, '-C', into]);
  const dir = join(into, 'package');
  const files = (await listFiles(dir)).map((file) => relative(dir, file)).sort();
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
  return { tarball, manifest, files, dir };
}

export async function removePacked(packed: PackedPackage): Promise<void> {
  await rm(join(packed.dir, '..'), { recursive: true, force: true });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
