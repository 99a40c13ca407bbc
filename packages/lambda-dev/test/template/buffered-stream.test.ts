// A streaming handler behind front ends that buffer (an HTTP API route, REST without STREAM, a
// BUFFERED Function URL), under the real aws-lambda-ric. Those front ends call Invoke, which
// collects the stream (at most 6 MB) and returns its bytes as they are: the front end reads
// them as any result. What the handler streamed whole is answered whole, with Content-Length;
// a prelude is not a result (error, and a warning saying why); too big or failing mid-stream,
// the client gets the front end's error, never a cut.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevEventLog, DevServer } from '../../src/types.ts';
import { logFor } from '../support.ts';

const TEMPLATE = fileURLToPath(
  new URL('../../test-fixtures/template/buffered-stream/template.yaml', import.meta.url),
);

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ template: TEMPLATE, port: 0, runtime: 'ric' });
});
afterAll(() => server?.close());

const doors = {
  'HTTP API': () => `${server.url}/s`,
  'REST without STREAM': () => `${server.url}/Prod/s`,
  'BUFFERED Function URL': () => server.template?.functions[0]?.functionUrl ?? '',
};
const each = it.each(Object.entries(doors));

describe('a streaming handler behind a buffered front end', () => {
  each('%s: what it streamed is read as its result, answered whole', async (_door, url) => {
    const response = await fetch(`${url()}?as=result`);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-length')).toBe('5');
    expect(await response.text()).toBe('whole');
  });

  it.each([
    ['HTTP API', 500, 'Runtime.InvalidResponse'],
    ['REST without STREAM', 502, 'Runtime.InvalidResponse'],
    ['BUFFERED Function URL', 502, 'Runtime.InvalidResponse'],
  ] as const)(
    '%s: a prelude is not a result: %s, and a warning says why',
    async (door, status, errorType) => {
      const response = await fetch(`${doors[door]()}?as=prelude`);
      expect(response.status).toBe(status);
      await response.arrayBuffer();
      const requestId = response.headers.get('x-amzn-requestid');
      const entry = await logFor(server, requestId);
      expect(entry).toMatchObject({ outcome: 'error', errorType });
      const warning = server.logs.find(
        (e): e is DevEventLog => e.kind === 'event' && e.requestId === requestId,
      );
      expect(warning?.message).toMatch(/^The function streamed an HTTP response .* call Invoke/);
    },
  );

  it('over 6 MB: the front end answers its error (Function.ResponseSizeTooLarge)', async () => {
    const response = await fetch(`${doors['HTTP API']()}?as=big`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry.errorType).toBe('Function.ResponseSizeTooLarge');
  });

  it('failing mid-stream: an error status, not a cut response', async () => {
    const response = await fetch(`${doors['BUFFERED Function URL']()}?as=fail`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ Message: 'Internal Server Error' });
    const entry = await logFor(server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({ outcome: 'error', errorType: 'Error' });
  });
});
