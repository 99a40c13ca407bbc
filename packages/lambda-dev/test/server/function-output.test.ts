import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevRuntimeKind, DevServer } from '../../src/types.ts';
import { logFor } from '../support.ts';

// No function output may kill the dev server (issue 14, items 10-11): a prelude or buffered
// result whose head HTTP cannot carry is a 502, logged, and the server keeps serving.
const RAW_OUTPUT = fileURLToPath(new URL('../../test-fixtures/raw-output.mjs', import.meta.url));

async function invoke(server: DevServer, spec: unknown): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
}

/** A valid answer afterwards: the server (and its runtime) still serve. */
async function expectStillServing(server: DevServer, spec: unknown): Promise<void> {
  const response = await invoke(server, spec);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

const BAD_HEADS: Array<[string, Record<string, unknown>]> = [
  ['a value with €', { headers: { 'x-price': '10 €' } }],
  ['a value with CR/LF', { headers: { 'x-split': 'a\r\nInjected: 1' } }],
  ['a value with a bare LF', { headers: { 'x-split': 'a\nb' } }],
  ['a value with NUL', { headers: { 'x-nul': 'a\u0000b' } }],
  ['a name with a space', { headers: { 'bad name': '1' } }],
  ['an empty name', { headers: { '': '1' } }],
  ['a name with ü', { headers: { 'x-grüße': '1' } }],
  ['a cookie with LF', { cookies: ['a=1\nSet-Cookie: b=2'] }],
];

describe.each<DevRuntimeKind>(['ric', 'in-process'])('function output, %s runtime', (runtime) => {
  let streamed: DevServer;
  let buffered: DevServer;
  let rest: DevServer;
  beforeAll(async () => {
    const base = { handler: RAW_OUTPUT, port: 0, runtime, maxRuntimes: 1, timeoutSec: 10 };
    [streamed, buffered, rest] = await Promise.all([
      startDevServer(base),
      startDevServer({ ...base, export: 'buffered' }),
      startDevServer({ ...base, export: 'buffered', mode: 'rest' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([streamed?.close(), buffered?.close(), rest?.close()]);
  });

  describe('a prelude whose head HTTP cannot carry: 502 Runtime.MalformedPrelude', () => {
    it.each(BAD_HEADS)('%s', async (_, head) => {
      const response = await invoke(streamed, { prelude: { statusCode: 200, ...head } });
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ Message: 'Internal Server Error' });
      const entry = await logFor(streamed, response.headers.get('x-amzn-requestid'));
      expect(entry).toMatchObject({ outcome: 'error', errorType: 'Runtime.MalformedPrelude' });
      expect(entry.errorMessage).toMatch(/header|cookie/);
      await expectStillServing(streamed, { prelude: { statusCode: 200 }, body: 'fine' });
    });

    it.each([100, 101, 103, 199, 600, 999, 1000, 0, -1, 200.5])(
      'statusCode %s',
      async (statusCode) => {
        const response = await invoke(streamed, { prelude: { statusCode } });
        expect(response.status).toBe(502);
        const entry = await logFor(streamed, response.headers.get('x-amzn-requestid'));
        expect(entry.errorType).toBe('Runtime.MalformedPrelude');
        expect(entry.errorMessage).toMatch(/statusCode must be an integer 200-599/);
        await expectStillServing(streamed, { prelude: { statusCode: 200 } });
      },
    );

    it('still answers a valid head, the status range edges included', async () => {
      for (const statusCode of [200, 599]) {
        const response = await invoke(streamed, {
          prelude: { statusCode, headers: { 'x-latin1': 'caf\u00e9', 'x-tab': 'a\tb' } },
          body: 'fine',
        });
        expect(response.status).toBe(statusCode);
        expect(response.headers.get('x-tab')).toBe('a\tb');
        expect(await response.text()).toBe('fine');
      }
    });
  });

  describe('a buffered result whose head HTTP cannot carry: 502', () => {
    it.each(BAD_HEADS)('Function URL, %s', async (_, head) => {
      const response = await invoke(buffered, { result: { statusCode: 200, body: 'x', ...head } });
      expect(response.status).toBe(502);
      const entry = await logFor(buffered, response.headers.get('x-amzn-requestid'));
      expect(entry).toMatchObject({ outcome: 'error', errorType: 'Runtime.InvalidResponse' });
      await expectStillServing(buffered, { result: { statusCode: 200, body: 'fine' } });
    });

    it.each([100, 101, 199, 600])('Function URL, statusCode %s', async (statusCode) => {
      const response = await invoke(buffered, { result: { statusCode, body: 'x' } });
      expect(response.status).toBe(502);
      const entry = await logFor(buffered, response.headers.get('x-amzn-requestid'));
      expect(entry.errorType).toBe('Runtime.InvalidResponse');
      await expectStillServing(buffered, { result: { statusCode: 200 } });
    });

    it('REST: a header value with CR/LF or status 101 is a malformed proxy response', async () => {
      for (const result of [
        { statusCode: 200, headers: { 'x-split': 'a\r\nb' }, body: '' },
        { statusCode: 200, multiValueHeaders: { 'x-price': ['1 €'] }, body: '' },
        { statusCode: 101, body: '' },
      ]) {
        const response = await invoke(rest, { result });
        expect(response.status).toBe(502);
        expect(await response.json()).toEqual({ message: 'Internal server error' });
        const entry = await logFor(rest, response.headers.get('x-amzn-requestid'));
        expect(entry.errorType).toBe('MalformedLambdaProxyResponse');
      }
      await expectStillServing(rest, { result: { statusCode: 200, body: 'fine' } });
    });
  });
});

describe('an external runtime posting an error type no header can carry', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ handler: RAW_OUTPUT, port: 0, runtime: 'in-process' });
  });
  afterAll(() => server?.close());

  it('answers 502 without the x-amzn-errortype header, and keeps serving', async () => {
    const api = `${server.runtimeApiUrl}/2018-06-01/runtime`;
    const next = fetch(`${api}/invocation/next`);
    // The external runtime gets the request once its poll is parked; until then the managed
    // runtime answers, so ask again until the external one has it.
    let pending: Promise<Response>;
    for (;;) {
      pending = invoke(server, { prelude: { statusCode: 200 } });
      const first = await Promise.race([next.then(() => 'external'), pending.then(() => 'ours')]);
      if (first === 'external') break;
      await (await pending).arrayBuffer();
    }
    const id = (await next).headers.get('lambda-runtime-aws-request-id');
    const posted = await fetch(`${api}/invocation/${id}/error`, {
      method: 'POST',
      headers: { 'lambda-runtime-function-error-type': 'Handled' },
      body: JSON.stringify({ errorType: 'Bad\r\nType €', errorMessage: 'boom' }),
    });
    expect(posted.status).toBe(202);
    const response = await pending;
    expect(response.status).toBe(502);
    expect(response.headers.has('x-amzn-errortype')).toBe(false);
    await expectStillServing(server, { prelude: { statusCode: 200 } });
    // The external runtime's next poll ends its invocation, which writes the log entry.
    const done = new AbortController();
    fetch(`${api}/invocation/next`, { signal: done.signal }).catch(() => {});
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    done.abort();
    expect(entry.errorType).toBe('Bad\r\nType €');
  });
});
