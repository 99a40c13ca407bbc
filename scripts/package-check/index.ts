// Part of a published package's `lint`: packs it as `pnpm release` would and checks the
// tarball: the manifest rules of manifest-checks.ts, publint, and @arethetypeswrong/cli (types
// under node16 and bundler resolution). Run from the package directory, after its build.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packedProblems } from './manifest-checks.ts';
import { type Manifest, pnpmPack, readPacked } from './pack.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const packageDir = process.cwd();
const source = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as Manifest;

if (source.private) process.exit(0);
if (!existsSync(join(packageDir, 'dist'))) {
  console.error(`${source.name}: no dist/ to check; run \`pnpm build\` first`);
  process.exit(1);
}

const work = await mkdtemp(join(tmpdir(), 'sluice-package-check-'));
let failed = false;
const report = (tool: string, lines: string[]) => {
  if (lines.length === 0) return;
  failed = true;
  console.error(`${source.name}: ${tool}\n${lines.map((line) => `  - ${line}`).join('\n')}`);
};
try {
  const packed = await readPacked(await pnpmPack(packageDir, work), work);
  report('packed manifest', await packedProblems(source, packed));

  const { messages, pkg } = await publint({ pkgDir: packed.dir, pack: false, level: 'warning' });
  for (const message of messages) {
    const line = `publint ${message.type}: ${formatMessage(message, pkg, { color: false })}`;
    if (message.type === 'error') report('publint', [line]);
    else console.warn(`${source.name}: ${line}`);
  }

  // ESM only (engines: Node >= 24.11, where require() of ESM works): the CJS resolution modes
  // of TypeScript < 5.8 (node10, node16 from CJS) are not checked.
  const attw = join(root, 'node_modules/.bin/attw');
  const args = [packed.tarball, '--profile', 'esm-only', '--no-definitely-typed'];
  await run(attw, [...args, '--format', 'ascii', '--no-emoji', '--no-color']).catch(
    (error: { stdout?: string; stderr?: string }) => {
      report('@arethetypeswrong/cli', [`${error.stdout ?? ''}${error.stderr ?? ''}`.trim()]);
    },
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
