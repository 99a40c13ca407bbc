import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/options.ts';
import { runtimeEnv } from '../../src/runtime-pool/runtime-env.ts';
import { launchRuntime } from '../../src/runtime-pool/runtime-process.ts';
import { startDevServer } from '../../src/server.ts';
import type { DevServer } from '../../src/types.ts';
import { APP_FIXTURE, eventually, logFor, readAll } from '../support.ts';

// The in-process runtime (worker threads): timeouts, crashes, init errors, watch, bandwidth.
let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({
    handler: APP_FIXTURE,
    port: 0,
    runtime: 'in-process',
    timeoutSec: 1,
  });
});
afterAll(() => server?.close());

describe('in-process runtime', () => {
  it('terminates a timed-out worker and serves the next request from a fresh one', async () => {
    const response = await fetch(`${server.url}/hang`);
    expect((await readAll(response)).cut).toBe(true);
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      outcome: 'timeout',
      errorMessage: 'Task timed out after 1.00 seconds',
    });
    const next = await fetch(`${server.url}/hello`);
    expect(await next.text()).toBe('hello\n');
    expect((await logFor(server, next.headers.get('x-amzn-requestid'))).runtimeId).not.toBe(
      entry.runtimeId,
    );
  });

  it('answers 502 Runtime.ExitError when the handler exits the process', async () => {
    const response = await fetch(`${server.url}/crash`);
    expect(response.status).toBe(502);
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry.errorType).toBe('Runtime.ExitError');
    expect(entry.errorMessage).toMatch(/exit status 3/);
  });

  it('refuses to start on init errors, with the real client’s error types', async () => {
    const cases = [
      { handler: join(import.meta.dirname, 'missing.mjs'), code: 'HANDLER_NOT_FOUND' },
      { handler: APP_FIXTURE, export: 'nope', code: 'HANDLER_NOT_LOADABLE' },
    ];
    for (const { code, ...options } of cases) {
      const started = startDevServer({ ...options, port: 0, runtime: 'in-process' });
      await expect(started).rejects.toMatchObject({ code });
    }
    await expect(
      startDevServer({ handler: APP_FIXTURE, export: 'nope', port: 0, runtime: 'in-process' }),
    ).rejects.toThrow(/Runtime\.HandlerNotFound: app\.nope is undefined or not exported/);
  });

  it('hands invocations to a runtime attached to runtimeApiUrl', async () => {
    const options = resolveOptions({ handler: APP_FIXTURE, runtime: 'in-process' });
    const apiHostPort = server.runtimeApiUrl.replace('http://', '');
    const external = launchRuntime(options, runtimeEnv(options, apiHostPort, 99));
    try {
      const entry = await eventually(async () => {
        const response = await fetch(`${server.url}/hello`);
        await response.text();
        const log = await logFor(server, response.headers.get('x-amzn-requestid'));
        return log.runtimeId === 0 ? log : undefined;
      }, 'an invocation served by the attached runtime');
      expect(entry.outcome).toBe('ok');
    } finally {
      external.kill();
      await external.exited;
    }
  });
});

describe('watch mode', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-dev-watch-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const version = (v: string) =>
    `export const handler = awslambda.streamifyResponse(async (event, rs) => {
  rs = awslambda.HttpResponseStream.from(rs, { statusCode: 200, headers: {} });
  rs.write('${v}');
  rs.end();
});\n`;

  for (const runtime of ['in-process', 'ric'] as const) {
    it(`reloads the handler when its file changes (${runtime})`, async () => {
      const file = join(dir, `fn-${runtime.replace('-', '')}.mjs`);
      await writeFile(file, version('v1'));
      const watched = await startDevServer({ handler: file, port: 0, runtime, watch: true });
      try {
        expect(await (await fetch(watched.url)).text()).toBe('v1');
        await writeFile(file, version('v2'));
        await eventually(
          async () => (await (await fetch(watched.url)).text()) === 'v2',
          'the new version to be served',
        );
        expect(
          watched.logs.some((e) => e.kind === 'event' && e.message.startsWith('Reloading')),
        ).toBe(true);
      } finally {
        await watched.close();
      }
    });
  }
});

describe('bandwidth model', () => {
  it('sends the first bytes uncapped, then no faster than the rate', async () => {
    const throttled = await startDevServer({
      handler: APP_FIXTURE,
      port: 0,
      runtime: 'in-process',
      bandwidth: true,
      limits: { uncappedBytes: 256 * 1024, bytesPerSecond: 1024 * 1024 },
    });
    try {
      const started = performance.now();
      const { body } = await readAll(await fetch(`${throttled.url}/big?mb=1`));
      const seconds = (performance.now() - started) / 1000;
      expect(body.length).toBe(1024 * 1024);
      // 768 KiB past the uncapped part at 1 MiB/s take at least 0.75 s; a lower bound only.
      expect(seconds).toBeGreaterThanOrEqual(0.7);
    } finally {
      await throttled.close();
    }
  });
});
