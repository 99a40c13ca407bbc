// The packages as a stranger gets them: built, packed with `pnpm pack` (what `pnpm release`
// publishes), installed with npm into a fresh `npm init -y` project next to hono, esbuild and
// typescript from the registry. Then the READMEs are followed there: types, CommonJS, the
// Lambda build command, the dev server under aws-lambda-ric, and every sample marked runnable.
// Set KEEP_OUTSIDE_IN=1 to keep the temporary folders for a look after a failure.
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedProblems } from '../../../scripts/package-check/manifest-checks.ts';
import { readPacked } from '../../../scripts/package-check/pack.ts';
import { linkBuiltRic, readTimed, startDevServer } from './support/lambda-dev.ts';
import { NpmProject } from './support/npm-project.ts';
import { type CheckedBlock, readCheckedBlocks, runnableClaims } from './support/readme-blocks.ts';
import { runSample, writeReadmeFiles } from './support/readme-samples.ts';
import { type Services, startServices } from './support/services.ts';
import { typecheckEntries, typecheckFiles } from './support/type-checks.ts';
import {
  buildPackages,
  packPackages,
  publishedPackages,
  withWorkspaceDependencies,
  workspaceRange,
} from './support/workspace.ts';

/** Entries that exist for an optional peer: checked once the peer is installed. */
const PEER_ENTRIES: Record<string, string[]> = {
  '@sluice/adapter-lambda/s3': [
    '@aws-sdk/client-s3',
    '@aws-sdk/lib-storage',
    '@aws-sdk/s3-request-presigner',
  ],
  '@sluice/core/node': ['undici'],
};
const FROM_REGISTRY = ['hono', 'esbuild', 'typescript', '@types/node'];

const packages = await publishedPackages();
const entries = packages.flatMap((pkg) => pkg.entries);
const readmes = await Promise.all(
  packages.map(async (pkg) => ({ pkg, blocks: await readCheckedBlocks(pkg.readme) })),
);
const lambdaReadme = readmes.find(({ pkg }) => pkg.name === '@sluice/adapter-lambda')!;
const lambdaBuild = lambdaReadme.blocks.find((block) => block.kind === 'lambda-build');
const lambdaBuildS3 = lambdaReadme.blocks.find((block) => block.kind === 'lambda-build-s3');
const commandLine = (prefix: string) =>
  lambdaBuild?.code.split('\n').find((line) => line.startsWith(prefix));

/** The README's esbuild line, as written there. */
function buildCommand(): string {
  const line = commandLine('npx esbuild ');
  if (!line)
    throw new Error('no `npx esbuild` line in the adapter-lambda `check: lambda-build` block');
  return line;
}

async function useFixture(fixture: string, as: string): Promise<void> {
  await copyFile(new URL(`../fixtures/${fixture}`, import.meta.url), join(project.dir, as));
}

let work: string;
let tarballs: Map<string, string>;
let services: Services;
let project: NpmProject;

const withVersion = async (name: string) => `${name}@${await workspaceRange(name)}`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sluice-outside-in-'));
  await buildPackages();
  tarballs = await packPackages(packages, join(work, 'tarballs'));
  services = await startServices();
  project = await NpmProject.create(join(work, 'app'), services.env);
  const fromRegistry = await Promise.all(FROM_REGISTRY.map(withVersion));
  await project.install([...tarballs.values(), ...fromRegistry]);
}, 900_000);

afterAll(async () => {
  await services?.stop();
  if (work && !process.env.KEEP_OUTSIDE_IN) await rm(work, { recursive: true, force: true });
});

describe('packed and installed with npm, outside the monorepo', () => {
  it('every tarball is publishable: no workspace: ranges, no src/ condition, LICENSE, links', async () => {
    const problems: string[] = [];
    for (const pkg of packages) {
      const packed = await readPacked(tarballs.get(pkg.name)!, work);
      problems.push(
        ...(await packedProblems(pkg.manifest, packed)).map((p) => `${pkg.name}: ${p}`),
      );
    }
    expect(problems).toEqual([]);
  });

  it('installing only the web-standard entry points brings no undici', () => {
    expect(existsSync(join(project.dir, 'node_modules/undici'))).toBe(false);
  });

  it('types: every entry needing no optional peer checks with skipLibCheck false, no peers', async () => {
    const plain = entries.filter((entry) => !(entry in PEER_ENTRIES));
    await typecheckEntries(project, 'plain', plain, 'bundler');
    await typecheckEntries(project, 'plain', plain, 'nodenext');
    // The web-standard entry, as a browser or Worker project sees it.
    await typecheckEntries(project, 'core', ['@sluice/core'], 'web');
  });

  it("without the AWS SDK, the README's build bundles a main-entry handler that loads", async () => {
    await useFixture('handler-without-s3.ts', 'handler.ts');
    await project.shell(buildCommand());
    const load = "await import('./dist/index.mjs'); console.log('loaded');";
    const { stdout } = await project.node(['--input-type=module', '-e', load]);
    expect(stdout.trim()).toBe('loaded');
  });

  it('with the optional peers installed, every entry and the Lambda handler typecheck', async () => {
    const peers = [...new Set(Object.values(PEER_ENTRIES).flat())];
    await project.install(await Promise.all(peers.map(withVersion)));
    await linkBuiltRic(project);
    await typecheckEntries(project, 'all', entries, 'nodenext');
    await useFixture('handler.ts', 'handler.ts');
    await typecheckFiles(project, 'handler', ['handler.ts'], 'bundler');
  });

  it('require() loads every entry from CommonJS', async () => {
    const script = `for (const entry of ${JSON.stringify(entries)}) {
      const loaded = require(entry);
      if (Object.keys(loaded).length === 0) throw new Error(entry + ' exports nothing');
    }`;
    await project.write('require-all.cjs', script);
    await project.node(['require-all.cjs']);
  });
});

describe("the adapter-lambda README's Lambda build and dev server", () => {
  it('bundles a handler (streamHandle, handle, S3 overflow, sse() + Redis) with the README command', async () => {
    await useFixture('handler.ts', 'handler.ts');
    if (!lambdaBuildS3)
      throw new Error('no `check: lambda-build-s3` block in the adapter-lambda README');
    await project.shell(lambdaBuildS3.code);
    expect(existsSync(join(project.dir, 'dist/index.mjs'))).toBe(true);
  });

  it('runs under `sluice-lambda dev` with aws-lambda-ric: streams, SSE kept in Redis, S3 overflow', async () => {
    const devLine = commandLine('npx sluice-lambda dev');
    expect(devLine, 'the lambda-build block starts the dev server').toBeDefined();
    const streaming = await startDevServer(project, devLine!, ['--port', '0'], services.env);
    const buffered = await startDevServer(
      project,
      devLine!,
      ['--port', '0', '--export', 'buffered'],
      services.env,
    );
    try {
      // The default runtime falls back to in-process (with a warning) where ric cannot run:
      // this test is about the real runtime client, so a fallback is a failure here.
      for (const server of [streaming, buffered]) {
        expect(server.runtime).toBe('ric');
        expect(server.process.output.stderr + server.process.output.stdout).not.toContain(
          'Running the in-process runtime',
        );
      }
      const ticks = await readTimed(await fetch(`${streaming.url}/ticks`));
      expect(ticks.text).toBe('tick 1\ntick 2\ntick 3\ntick 4\n');
      // Chunk by chunk, not buffered: the handler waits 300 ms between ticks, so the first
      // tick arrives well before the last (a buffered answer arrives in one go).
      expect(ticks.times.at(-1)! - ticks.times[0]!).toBeGreaterThanOrEqual(500);

      await useFixture('read-sse.mts', 'read-sse.mts');
      const { stdout } = await project.node(['read-sse.mts', `${streaming.url}/chat/outside-in`]);
      expect(JSON.parse(stdout)).toEqual(['streamed', 'from', 'a', 'Lambda', 'bundle']);
      expect(await services.redisCommand(['EXISTS', 'sluice:sse:{outside-in}'])).toBe('1');

      const big = await fetch(`${buffered.url}/big`, { redirect: 'manual' });
      expect(big.status).toBe(303);
      const object = await fetch(big.headers.get('location')!);
      expect((await object.arrayBuffer()).byteLength).toBe(7 * 1024 * 1024);

      for (const server of [streaming, buffered]) {
        expect(server.process.output.stderr).not.toMatch(
          /Runtime\.\w+|Init ?Error|Dynamic require/,
        );
      }
    } catch (error) {
      const logs = [streaming, buffered].map(
        (server) =>
          `--- ${server.url} ---\n${server.process.output.stdout}${server.process.output.stderr}`,
      );
      throw new Error(`${(error as Error).message}\n${logs.join('\n')}`, { cause: error });
    } finally {
      await Promise.all([streaming.process.stop(), buffered.process.stop()]);
    }
  });
});

describe('README samples marked runnable, in the same project', () => {
  for (const { pkg, blocks } of readmes) {
    it(`${pkg.name}: every "runnable as is" sample has a run or serve marker`, async () => {
      const markdown = await readFile(pkg.readme, 'utf8');
      const samples = blocks.filter((block) => block.kind === 'run' || block.kind === 'serve');
      expect(samples.length).toBe(runnableClaims(markdown));
    });
    const samples = blocks.filter((block) => block.kind === 'run' || block.kind === 'serve');
    for (const sample of samples) {
      it(`${sample.where.replace(/^.*packages\//, '')}`, async () => {
        await writeReadmeFiles(project, blocks);
        await runSample(project, sample, services.env);
      });
    }
  }
});

describe("each README's first sample in a fresh project with only what it says to install", () => {
  for (const { pkg, blocks } of readmes) {
    it(pkg.name, async () => {
      const install = blocks.filter((block) => block.kind === 'install');
      const first = blocks.find((block) => block.kind === 'run' || block.kind === 'serve');
      expect(install.length, `${pkg.readme} has a \`check: install\` block`).toBeGreaterThan(0);
      expect(first, `${pkg.readme} has a runnable sample`).toBeDefined();
      const fresh = await NpmProject.create(
        join(work, `readme-${pkg.dir.split('/').pop()}`),
        services.env,
      );
      const { specs, linkRic } = installSpecs(install);
      await fresh.install(specs);
      if (linkRic) await linkBuiltRic(fresh);
      await writeReadmeFiles(fresh, blocks);
      await runSample(fresh, first!, services.env);
    });
  }
});

/** The README's `npm i` lines as npm specs: @sluice/* (and their @sluice deps) as tarballs. */
function installSpecs(blocks: CheckedBlock[]): { specs: string[]; linkRic: boolean } {
  const names = blocks
    .flatMap((block) => block.code.split('\n'))
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => /^npm (i|install)\b/.test(line))
    .flatMap((line) => line.split(/\s+/).slice(2))
    .filter((word) => !word.startsWith('-'));
  const ours = withWorkspaceDependencies(
    names.filter((name) => tarballs.has(name)),
    packages,
  );
  const others = names.filter((name) => !tarballs.has(name) && name !== 'aws-lambda-ric');
  return {
    specs: [...ours.map((name) => tarballs.get(name)!), ...others],
    linkRic: names.includes('aws-lambda-ric'),
  };
}
