// An invocation lasts until its handler returns, not until its response ends: work after the
// response (waitUntil) keeps the runtime busy, is logged with the request, and still times out.
import { describe, expect, it } from 'vitest';
import { logFor, readAll, requestLogs, useDevServer } from '../support.ts';

const dev = useDevServer({ timeoutSec: 1 });

describe('the end of an invocation (aws-lambda-ric)', () => {
  it('is when the handler returns: the request is logged only then', async () => {
    const response = await fetch(`${dev.server.url}/linger?id=L&gate=${dev.gate.url}`);
    const { body, cut } = await readAll(response);
    expect({ body: body.toString(), cut }).toEqual({ body: 'data: done\n\n', cut: false });
    await dev.gate.reached('L:linger');
    const requestId = response.headers.get('x-amzn-requestid');
    // The handler is still running: nothing logged yet, the runtime still busy.
    expect(requestLogs(dev.server).some((entry) => entry.requestId === requestId)).toBe(false);
    expect(dev.server.stats()).toMatchObject({ busy: 1, idle: 0 });
    dev.gate.release('L:linger');
    expect(await logFor(dev.server, requestId)).toMatchObject({ outcome: 'ok', bytes: 12 });
  });

  it('times out a handler that runs on after its response; a request queued behind it moves on', async () => {
    const response = await fetch(`${dev.server.url}/hang-after`);
    const { body, cut } = await readAll(response);
    expect({ body: body.toString(), cut }).toEqual({ body: 'data: done\n\n', cut: false });
    // Its runtime looks free (it answered) but is still running: this request waits on it,
    // then is handed to a fresh runtime once the timeout kills the first one.
    const next = await fetch(`${dev.server.url}/hello`);
    expect(await next.text()).toBe('hello\n');
    const entry = await logFor(dev.server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      outcome: 'timeout',
      status: 200,
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 1.00 seconds',
    });
    const nextEntry = await logFor(dev.server, next.headers.get('x-amzn-requestid'));
    expect(nextEntry).toMatchObject({ outcome: 'ok' });
    expect(nextEntry.runtimeId).not.toBe(entry.runtimeId);
  });
});
