import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevEventLog, DevServer } from '../../src/types.ts';
import { APP_FIXTURE, eventually, logFor, readAll } from '../support.ts';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ handler: APP_FIXTURE, port: 0, runtime: 'ric', timeoutSec: 1 });
});
afterAll(() => server?.close());

function timeoutEvent(requestId: string | null): Promise<DevEventLog> {
  return eventually(
    () =>
      server.logs.find(
        (entry): entry is DevEventLog => entry.kind === 'event' && entry.requestId === requestId,
      ),
    'the timeout event',
  );
}

describe('function timeout (aws-lambda-ric)', () => {
  it('cuts a stream that already started, logs "Task timed out", replaces the runtime', async () => {
    const response = await fetch(`${server.url}/hang`);
    expect(response.status).toBe(200);
    const { body, cut } = await readAll(response);
    expect(cut).toBe(true);
    expect(body.toString()).toBe('data: started\n\n');
    const requestId = response.headers.get('x-amzn-requestid');
    const entry = await logFor(server, requestId);
    expect(entry).toMatchObject({
      outcome: 'timeout',
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 1.00 seconds',
    });
    expect((await timeoutEvent(requestId)).message).toMatch(/Task timed out after 1\.00 seconds/);

    // The timed-out process was killed; a fresh one answers the next request.
    const next = await fetch(`${server.url}/hello`);
    expect(await next.text()).toBe('hello\n');
    const nextEntry = await logFor(server, next.headers.get('x-amzn-requestid'));
    expect(nextEntry.runtimeId).not.toBe(entry.runtimeId);
    // The killed process no longer counts. How many live ones there are depends on timing: the
    // replacement warmed after the kill may still be initialising when /hello arrives, which
    // then starts a second one (as Lambda may start a new environment).
    const stats = server.stats();
    expect(stats.busy).toBe(0);
    expect(stats.runtimes).toBeGreaterThanOrEqual(1);
    expect(stats.runtimes).toBeLessThanOrEqual(2);
  });

  it('answers 502 when the function times out before its first byte', async () => {
    const response = await fetch(`${server.url}/hang-before`);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-amzn-errortype')).toBe('Sandbox.Timedout');
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({ outcome: 'timeout', status: 502 });
  });
});
