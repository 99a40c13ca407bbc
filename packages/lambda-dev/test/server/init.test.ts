import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevServer } from '../../src/types.ts';
import { APP_FIXTURE, eventually, logFor } from '../support.ts';

let server: DevServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('init errors (aws-lambda-ric)', () => {
  // A handler that cannot be loaded stops startup (test/server/startup.test.ts has the rest).
  it('refuses to start on a wrong handler path, naming it', async () => {
    const missing = join(import.meta.dirname, 'no-such-handler.mjs');
    await expect(startDevServer({ handler: missing, port: 0 })).rejects.toMatchObject({
      code: 'HANDLER_NOT_FOUND',
      message: `Handler file not found: ${missing}`,
    });
  });

  it('refuses to start on a missing export, with Runtime.HandlerNotFound', async () => {
    await expect(
      startDevServer({ handler: APP_FIXTURE, export: 'nope', port: 0 }),
    ).rejects.toMatchObject({
      code: 'HANDLER_NOT_LOADABLE',
      message: expect.stringContaining(
        'Runtime.HandlerNotFound: app.nope is undefined or not exported',
      ),
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
