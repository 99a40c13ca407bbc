import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevEventLog, DevServer } from '../../src/types.ts';
import { APP_FIXTURE, eventually, logFor } from '../support.ts';

let server: DevServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function initEvent(s: DevServer): Promise<DevEventLog> {
  return eventually(
    () =>
      s.logs.find(
        (entry): entry is DevEventLog => entry.kind === 'event' && entry.message.startsWith('Init'),
      ),
    'an init error event',
  );
}

describe('init errors (aws-lambda-ric)', () => {
  it('reports a wrong handler path as Runtime.ImportModuleError and answers 502', async () => {
    const missing = join(import.meta.dirname, 'no-such-handler.mjs');
    server = await startDevServer({ handler: missing, port: 0 });
    expect((await initEvent(server)).errorType).toBe('Runtime.ImportModuleError');
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(502);
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry.errorType).toBe('Runtime.ImportModuleError');
    expect(entry.errorMessage).toMatch(/Cannot find module 'no-such-handler'/);
  });

  it('reports a missing export as Runtime.HandlerNotFound', async () => {
    server = await startDevServer({ handler: APP_FIXTURE, export: 'nope', port: 0 });
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(502);
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'app.nope is undefined or not exported',
    });
  });

  it('refuses a handler file name the Lambda runtime cannot load', async () => {
    await expect(startDevServer({ handler: 'dist/app.server.mjs', port: 0 })).rejects.toMatchObject(
      {
        code: 'UNSUPPORTED_HANDLER_NAME',
      },
    );
  });
});

describe('init that never finishes', () => {
  it('times the waiting invocation out (502) and kills the stuck runtime', async () => {
    const stuck = join(import.meta.dirname, '../../test-fixtures/init-hang.mjs');
    server = await startDevServer({
      handler: stuck,
      port: 0,
      timeoutSec: 0.3,
      initTimeoutSec: 0.3,
    });
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(502);
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry.outcome).toBe('timeout');
    expect(entry.errorMessage).toMatch(/waiting for the runtime to finish init/);
    await eventually(() => server?.stats().busy === 0, 'the slot to be free');
  });
});
