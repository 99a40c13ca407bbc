// What a published sluice package must look like, checked on the packed tarball: installable
// outside the monorepo (no `workspace:` ranges, no monorepo-only export condition), complete
// (every subpath of the workspace manifest, LICENSE, README, links) and lean (source maps
// without embedded sources). Returns one line per problem; [] when it is fine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest, PackedPackage } from './pack.ts';

const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;
const MONOREPO_CONDITION = '@sluice/source';
const REQUIRED_FILES = ['LICENSE', 'README.md', 'package.json'];

export async function packedProblems(source: Manifest, packed: PackedPackage): Promise<string[]> {
  const { manifest } = packed;
  return [
    ...workspaceRanges(manifest),
    ...monorepoCondition(manifest),
    ...missingSubpaths(source, manifest),
    ...missingTargets(manifest, new Set(packed.files)),
    ...missingFiles(packed.files),
    ...missingMetadata(manifest),
    ...(await embeddedSources(packed)),
    ...npmGuard(source),
  ];
}

function workspaceRanges(manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const deps = (manifest[field] ?? {}) as Record<string, string>;
    for (const [name, range] of Object.entries(deps)) {
      if (range.startsWith('workspace:')) problems.push(`${field}.${name} is "${range}"`);
    }
  }
  return problems;
}

function monorepoCondition(manifest: Manifest): string[] {
  const where = ['exports', 'imports'].filter((field) =>
    JSON.stringify(manifest[field] ?? null).includes(`"${MONOREPO_CONDITION}"`),
  );
  return where.map(
    (field) =>
      `${field} has the "${MONOREPO_CONDITION}" condition, which points at src/ (not shipped): ` +
      `give package.json a publishConfig.${field} without it`,
  );
}

/** `publishConfig.exports` replaces `exports` when packing: it must not lose a subpath. */
function missingSubpaths(source: Manifest, packed: Manifest): string[] {
  const packedKeys = new Set(Object.keys((packed.exports ?? {}) as object));
  return Object.keys((source.exports ?? {}) as object)
    .filter((subpath) => !packedKeys.has(subpath))
    .map((subpath) => `exports "${subpath}" is missing from the packed manifest (publishConfig)`);
}

function missingTargets(manifest: Manifest, files: Set<string>): string[] {
  const targets = new Set<string>();
  const collect = (node: unknown): void => {
    if (typeof node === 'string') targets.add(node.replace(/^\.\//, ''));
    else if (node && typeof node === 'object') for (const v of Object.values(node)) collect(v);
  };
  collect(manifest.exports);
  collect(manifest.imports);
  collect(manifest.bin);
  return [...targets]
    .filter((target) => !target.includes('*') && !files.has(target))
    .map((target) => `${target} is referenced by the manifest but not in the tarball`);
}

function missingFiles(files: string[]): string[] {
  return REQUIRED_FILES.filter((file) => !files.includes(file)).map((file) => `no ${file}`);
}

function missingMetadata(manifest: Manifest): string[] {
  const repository = manifest.repository as { url?: string; directory?: string } | undefined;
  const bugs = manifest.bugs as { url?: string } | undefined;
  const problems: string[] = [];
  if (manifest.license !== 'MIT') problems.push(`license is ${String(manifest.license)}, not MIT`);
  if (!repository?.url || !repository.directory) problems.push('no repository.url/directory');
  if (typeof manifest.homepage !== 'string') problems.push('no homepage');
  if (!bugs?.url) problems.push('no bugs.url');
  return problems;
}

async function embeddedSources(packed: PackedPackage): Promise<string[]> {
  const problems: string[] = [];
  for (const file of packed.files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(await readFile(join(packed.dir, file), 'utf8')) as {
      sourcesContent?: unknown[];
    };
    if (map.sourcesContent?.some((content) => content != null)) {
      problems.push(`${file} embeds its sources (set sourcemapExcludeSources in tsdown.config.ts)`);
    }
  }
  return problems;
}

function npmGuard(source: Manifest): string[] {
  const prepack = (source.scripts as Record<string, string> | undefined)?.prepack ?? '';
  return prepack.includes('require-pnpm.mjs')
    ? []
    : ['no `prepack: node ../../scripts/require-pnpm.mjs`, so `npm publish` would leak workspace:'];
}
