import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevEventLog, DevRuntimeKind, DevServer } from '../../src/types.ts';
import { APP_FIXTURE, brokenRic, logFor, writeFiles } from '../support.ts';

// Issue 15, item 5: the dev server starts only when it can serve. A missing handler file or
// export, a TypeScript handler under aws-lambda-ric, or an aws-lambda-ric that cannot run stop
// startup (non-zero, naming the path, saying what to do); the default runtime falls back to
// in-process with a warning instead of answering every request with a 502.
const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const HANDLER = `export const handler = awslambda.streamifyResponse(async (event, rs) => {
  rs = awslambda.HttpResponseStream.from(rs, { statusCode: 200, headers: {} });
  rs.write('served');
  rs.end();
});\n`;

let dir: string;
let server: DevServer | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-dev-startup-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A folder with `files` written into it; returns its path. */
function folder(name: string, files: Record<string, string>): Promise<string> {
  return writeFiles(join(dir, name), files);
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      // A server that did start is stopped (once), so the test sees its exit either way.
      if (!stopping && stdout.includes('Lambda dev server:')) {
        stopping = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sluice-lambda', () => {
  it('without arguments: the usage on stderr and exit code 2', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: sluice-lambda dev <handler-file>/);
  });

  it('--help: the usage on stdout and exit code 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: sluice-lambda dev <handler-file>/);
  });

  it('a missing handler file: exit 1 naming the path, no server', async () => {
    const missing = join(dir, 'dist', 'nothing-here.mjs');
    const { code, stdout, stderr } = await runCli(['dev', missing, '--port', '0']);
    expect(code).toBe(1);
    expect(stdout).not.toContain('Lambda dev server:');
    expect(stderr).toContain(`HANDLER_NOT_FOUND: Handler file not found: ${missing}`);
  });

  it.each<DevRuntimeKind>(['ric', 'in-process'])(
    'a missing export (%s): exit 1 naming export, path and the runtime error',
    async (runtime) => {
      const args = ['dev', APP_FIXTURE, '--export', 'nope', '--port', '0', '--runtime', runtime];
      const { code, stdout, stderr } = await runCli(args);
      expect(code).toBe(1);
      expect(stdout).not.toContain('Lambda dev server:');
      expect(stderr).toContain(
        `HANDLER_NOT_LOADABLE: Cannot load export "nope" of ${APP_FIXTURE}: ` +
          'Runtime.HandlerNotFound: app.nope is undefined or not exported',
      );
    },
  );

  it('an unusable aws-lambda-ric, default runtime: a warning, then in-process serves', async () => {
    const root = await folder('cli-fallback', { 'app.mjs': HANDLER, ...brokenRic() });
    const { code, stdout, stderr } = await runCli(['dev', join(root, 'app.mjs'), '--port', '0']);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /WARN Running the in-process runtime: .*\(RIC_UNAVAILABLE: .*never built/,
    );
    expect(stdout).toMatch(/Lambda dev server: http:\/\/\S+ \(Function URL, runtime in-process\)/);
  });
});

describe('startDevServer refuses to start', () => {
  it.each<DevRuntimeKind>(['ric', 'in-process'])('a missing handler file (%s)', async (runtime) => {
    const missing = join(dir, 'missing.mjs');
    await expect(startDevServer({ handler: missing, port: 0, runtime })).rejects.toMatchObject({
      code: 'HANDLER_NOT_FOUND',
      message: `Handler file not found: ${missing}`,
    });
  });

  it.each<DevRuntimeKind>(['ric', 'in-process'])(
    'a module that does not parse (%s)',
    async (runtime) => {
      const root = await folder(`syntax-${runtime}`, { 'app.mjs': 'export const handler = ;\n' });
      const started = startDevServer({ handler: join(root, 'app.mjs'), port: 0, runtime });
      await expect(started).rejects.toMatchObject({
        code: 'HANDLER_NOT_LOADABLE',
        message: expect.stringMatching(/app\.mjs: Runtime\.UserCodeSyntaxError/),
      });
    },
  );

  it('a TypeScript handler under an explicit runtime "ric", saying what to do', async () => {
    const root = await folder('ts-ric', { 'app.ts': HANDLER });
    const started = startDevServer({ handler: join(root, 'app.ts'), port: 0, runtime: 'ric' });
    await expect(started).rejects.toMatchObject({
      code: 'UNSUPPORTED_HANDLER_TYPE',
      message: expect.stringMatching(/\.js, \.mjs and \.cjs .*esbuild.*--runtime in-process/),
    });
  });

  it.each([
    ['never built', undefined, /it was never built/],
    ['that does not load', 'not an ELF file', /loading it fails/],
  ])('an explicit runtime "ric" whose native client is %s', async (name, addon, why) => {
    const root = await folder(`ric-${name.replaceAll(' ', '-')}`, {
      'app.mjs': HANDLER,
      ...brokenRic(addon),
    });
    const started = startDevServer({ handler: join(root, 'app.mjs'), port: 0, runtime: 'ric' });
    const error = (await started.catch((e: unknown) => e)) as Error & { code: string };
    expect(error).toMatchObject({ code: 'RIC_UNAVAILABLE' });
    expect(error.message).toMatch(why);
    expect(error.message).toContain(join(root, 'node_modules', 'aws-lambda-ric'));
    expect(error.message).toMatch(/cmake.*g\+\+.*--runtime in-process/);
  });
});

describe('startDevServer with the default runtime', () => {
  const warning = (s: DevServer) =>
    s.logs.find((e): e is DevEventLog => e.kind === 'event' && e.level === 'warn');

  it('falls back to in-process when aws-lambda-ric cannot run, and says why', async () => {
    const root = await folder('fallback', { 'app.mjs': HANDLER, ...brokenRic() });
    server = await startDevServer({ handler: join(root, 'app.mjs'), port: 0 });
    expect(server.runtime).toBe('in-process');
    expect(warning(server)?.message).toMatch(/RIC_UNAVAILABLE: .*never built/);
    expect(await (await fetch(server.url)).text()).toBe('served');
  });

  it('runs a TypeScript handler in-process, with a warning', async () => {
    const typed = HANDLER.replace('async (event, rs)', 'async (event: unknown, rs: any)');
    const root = await folder('typescript', {
      'app.ts': `declare const awslambda: any;\n${typed}`,
    });
    server = await startDevServer({ handler: join(root, 'app.ts'), port: 0 });
    expect(server.runtime).toBe('in-process');
    expect(warning(server)?.message).toMatch(/UNSUPPORTED_HANDLER_TYPE/);
    expect(await (await fetch(server.url)).text()).toBe('served');
  });

  it('uses aws-lambda-ric when it can, and starts despite an init error of the code itself', async () => {
    const root = await folder('init-throws', {
      'app.mjs': `throw new Error('no DATABASE_URL');\n${HANDLER}`,
    });
    server = await startDevServer({ handler: join(root, 'app.mjs'), port: 0 });
    expect(server.runtime).toBe('ric');
    // Not a missing module or export: Lambda answers it per request, and so does the dev server.
    const response = await fetch(server.url);
    expect(response.status).toBe(502);
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({ errorType: 'Error', errorMessage: 'no DATABASE_URL' });
  });
});
