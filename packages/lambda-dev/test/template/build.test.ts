// Builds as `sam build` does them: BuildMethod esbuild (BuildProperties mapped to esbuild's
// options, built with the real esbuild, rebuilt on change in watch mode) and makefile
// (`make build-<LogicalId>` with ARTIFACTS_DIR).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFunction } from '../../src/build/build-function.ts';
import { BuildError } from '../../src/build/errors.ts';
import { esbuildPlan } from '../../src/build/esbuild-options.ts';
import type { TemplateFunction } from '../../src/template/model.ts';
import { readTemplate } from '../../src/template/read-template.ts';
import { eventually } from '../support.ts';

const APP = fileURLToPath(new URL('../../test-fixtures/template/app/', import.meta.url));
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

function context(buildDir: string, watch = false) {
  const events: string[] = [];
  return {
    events,
    ctx: {
      buildDir,
      skip: false,
      watch,
      onRebuilt: (fn: TemplateFunction) => events.push(`rebuilt ${fn.logicalId}`),
      onRebuildFailed: (fn: TemplateFunction, message: string) =>
        events.push(`failed ${fn.logicalId}: ${message}`),
      onOutput: (fn: TemplateFunction, line: string) => events.push(`${fn.logicalId}> ${line}`),
      onWatchProblem: (fn: TemplateFunction, message: string) =>
        events.push(`watch ${fn.logicalId}: ${message}`),
    },
  };
}

function fn(
  codeUri: string,
  build: TemplateFunction['build'],
  handler = 'app.handler',
): TemplateFunction {
  return {
    logicalId: 'Fn',
    functionName: 'Fn',
    runtime: 'nodejs24.x',
    handler,
    codeUri,
    timeoutSec: 3,
    memoryMb: 128,
    architectures: ['x86_64'],
    environment: {},
    build,
    functionUrl: undefined,
  };
}

async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lambda-dev-build-'));
  cleanup.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('BuildMethod: esbuild', () => {
  it("maps BuildProperties as SAM's esbuild builder does, with its defaults", () => {
    const plain = esbuildPlan('Fn', 'src/app.handler', '/code', '/out', {});
    expect(plain.options).toMatchObject({
      entryPoints: ['/code/src/app'],
      bundle: true,
      platform: 'node',
      outdir: '/out',
      format: 'cjs',
      target: ['es2020'],
      minify: true,
      sourcemap: false,
      external: [],
    });
    const full = esbuildPlan('Fn', 'app.handler', '/code', '/out', {
      EntryPoints: ['a.mjs', 'b.mjs'],
      Format: 'esm',
      Target: 'node22',
      External: ['@aws-sdk/*', 'pg'],
      Banner: ['js=// hi'],
      Footer: 'js=// bye',
      Minify: 'false',
      Sourcemap: true,
      Loader: ['.txt=text'],
      OutExtension: ['.js=.mjs'],
      MainFields: 'module,main',
    });
    expect(full.options).toMatchObject({
      entryPoints: ['/code/a.mjs', '/code/b.mjs'],
      format: 'esm',
      target: ['node22'],
      external: ['@aws-sdk/*', 'pg'],
      banner: { js: '// hi' },
      footer: { js: '// bye' },
      minify: false,
      sourcemap: true,
      loader: { '.txt': 'text' },
      outExtension: { '.js': '.mjs' },
      mainFields: ['module', 'main'],
    });
    expect(full.enableSourceMaps).toBe(true);
    expect(() => esbuildPlan('Fn', 'app.handler', '/c', '/o', { Bundle: true })).toThrow(
      /BuildProperties Bundle not known/,
    );
    expect(() => esbuildPlan('Fn', 'app.handler', '/c', '/o', { Banner: ['nope'] })).toThrow(
      /Banner item "nope" is not name=value/,
    );
  });

  it('bundles the fixture with hono left external and the Banner at the top', async () => {
    const model = await readTemplate(join(APP, 'template.yaml'));
    const items = model.functions.find((f) => f.logicalId === 'ItemsFunction')!;
    const buildDir = join(APP, '.aws-sam', 'test-build-esbuild');
    cleanup.push(buildDir);
    const built = await buildFunction(items, context(buildDir).ctx);
    expect(built.codeRoot).toBe(join(buildDir, 'ItemsFunction'));
    const bundle = await readFile(join(built.codeRoot, 'items.mjs'), 'utf8');
    expect(
      bundle.startsWith("import { createRequire as __bannerRequire } from 'node:module';"),
    ).toBe(true);
    expect(bundle).toMatch(/from "hono"/);
    expect(bundle).not.toMatch(/class Hono\b/); // not bundled
    // The bundle runs: hono resolves from node_modules above it, require() from the Banner.
    const module = await import(pathToFileURL(join(built.codeRoot, 'items.mjs')).href);
    const result = await module.handler(
      { pathParameters: { id: '7' }, requestContext: { stage: 'x' } },
      { memoryLimitInMB: '1' },
    );
    expect(JSON.parse(result.body)).toMatchObject({ id: '7', hono: 'function', sep: '/' });
    await built.stop();
  });

  it('fails with esbuild errors, and in watch mode rebuilds on change (errors reported, not thrown)', async () => {
    const dir = await tempProject({ 'app.js': 'export const handler = () => 1;\n' });
    const bad = await tempProject({ 'app.js': 'export const handler = ( => 1;\n' });
    await expect(
      buildFunction(fn(bad, { method: 'esbuild', properties: {} }), context(join(bad, 'out')).ctx),
    ).rejects.toThrow(BuildError);
    await expect(
      buildFunction(fn(bad, { method: 'esbuild', properties: {} }), context(join(bad, 'out')).ctx),
    ).rejects.toThrow(/Fn: esbuild failed:[\s\S]*app\.js:1/);

    const { ctx, events } = context(join(dir, 'out'), true);
    const built = await buildFunction(fn(dir, { method: 'esbuild', properties: {} }), ctx);
    const out = join(dir, 'out', 'Fn', 'app.js');
    expect(await readFile(out, 'utf8')).toMatch(/1/);
    await writeFile(join(dir, 'app.js'), 'export const handler = () => 22222;\n');
    await eventually(() => events.includes('rebuilt Fn'), 'the rebuild');
    expect(await readFile(out, 'utf8')).toMatch(/22222/);
    await writeFile(join(dir, 'app.js'), 'export const handler = ( => 3;\n');
    await eventually(() => events.some((e) => e.startsWith('failed Fn:')), 'the failed rebuild');
    expect(await readFile(out, 'utf8')).toMatch(/22222/); // the last good build stays
    await built.stop();
  });
});

describe('BuildMethod: makefile', () => {
  it('runs make build-<LogicalId> in CodeUri with ARTIFACTS_DIR, and reports a failing make', async () => {
    const dir = await tempProject({
      Makefile:
        'build-Fn:\n\techo building into $(ARTIFACTS_DIR)\n\tcp app.mjs "$(ARTIFACTS_DIR)/index.mjs"\n' +
        '\tnode -p process.version > "$(ARTIFACTS_DIR)/node-version.txt"\n\n' +
        'build-Broken:\n\t@echo about to fail\n\t@exit 3\n',
      'app.mjs': 'export const handler = () => 1;\n',
    });
    const { ctx, events } = context(join(dir, '.aws-sam', 'b'));
    // Another `node` first on the PATH (as a system Node often is) must not run the recipe.
    const otherNode = join(dir, 'other-bin');
    await mkdir(otherNode);
    await writeFile(join(otherNode, 'node'), '#!/bin/sh\necho other-node\n', { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${otherNode}${delimiter}${path}`;
    const built = await buildFunction(fn(dir, { method: 'makefile' }), ctx).finally(() => {
      process.env.PATH = path;
    });
    expect(built.codeRoot).toBe(join(dir, '.aws-sam', 'b', 'Fn'));
    expect(await readFile(join(built.codeRoot, 'index.mjs'), 'utf8')).toContain('handler');
    expect(events).toContain(`Fn> building into ${built.codeRoot}`);
    // The recipe's `node` is the one running the dev server.
    expect((await readFile(join(built.codeRoot, 'node-version.txt'), 'utf8')).trim()).toBe(
      process.version,
    );
    const broken = { ...fn(dir, { method: 'makefile' }), logicalId: 'Broken' };
    await expect(buildFunction(broken, ctx)).rejects.toThrow(
      /Broken: make build-Broken exited with code 2 in .*:\nabout to fail/,
    );
  });

  it('serves CodeUri as it is with --no-build', async () => {
    const dir = await tempProject({ 'app.mjs': '' });
    const { ctx } = context(join(dir, 'out'));
    const built = await buildFunction(fn(dir, { method: 'makefile' }), { ...ctx, skip: true });
    expect(built.codeRoot).toBe(dir);
  });
});
