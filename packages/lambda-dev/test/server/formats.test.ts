import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevServer } from '../../src/types.ts';
import { APP_FIXTURE, logFor, readAll } from '../support.ts';

// Non-streaming handlers and the API Gateway REST front door, all through aws-lambda-ric.
let urlBuffered: DevServer;
let restStreaming: DevServer;
let restBuffered: DevServer;
beforeAll(async () => {
  [urlBuffered, restStreaming, restBuffered] = await Promise.all([
    startDevServer({ handler: APP_FIXTURE, export: 'buffered', port: 0 }),
    startDevServer({ handler: APP_FIXTURE, mode: 'rest', port: 0 }),
    startDevServer({ handler: APP_FIXTURE, export: 'buffered', mode: 'rest', port: 0 }),
  ]);
});
afterAll(() => Promise.all([urlBuffered, restStreaming, restBuffered].map((s) => s?.close())));

describe('buffered handlers behind a Function URL', () => {
  it('maps statusCode, headers, cookies and body', async () => {
    const response = await fetch(`${urlBuffered.url}/buffered`);
    expect(response.status).toBe(202);
    expect(response.headers.get('x-b')).toBe('1');
    expect(response.headers.getSetCookie()).toEqual(['x=1', 'y=2; Secure']);
    expect(await response.text()).toBe('buffered body');
  });

  it('serves any other JSON as a 200 application/json body', async () => {
    const response = await fetch(`${urlBuffered.url}/buffered-json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"hello":"world"}');
  });

  it('decodes a base64 body', async () => {
    const response = await fetch(`${urlBuffered.url}/buffered-b64`);
    expect([...Buffer.from(await response.arrayBuffer())]).toEqual([0, 1, 2, 250, 255]);
  });

  it('answers 502 for a thrown error, with its type in the log', async () => {
    const response = await fetch(`${urlBuffered.url}/buffered-throw`);
    expect(response.status).toBe(502);
    const entry = await logFor(urlBuffered, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      outcome: 'error',
      errorType: 'RangeError',
      errorMessage: 'nope',
    });
  });

  it('refuses a buffered response over 6 MB like Lambda', async () => {
    const response = await fetch(`${urlBuffered.url}/buffered-big`);
    expect(response.status).toBe(502);
    const entry = await logFor(urlBuffered, response.headers.get('x-amzn-requestid'));
    expect(entry.errorType).toBe('Function.ResponseSizeTooLarge');
  });
});

describe('API Gateway REST (STREAM) front door', () => {
  it('sends a v1 proxy event with multi-value headers and query', async () => {
    const response = await fetch(`${restStreaming.url}/event?a=1&a=2`, {
      headers: { 'X-Custom-Case': 'v' },
    });
    const event = (await response.json()) as Record<string, unknown>;
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/event',
      httpMethod: 'GET',
      queryStringParameters: { a: '2' },
      multiValueQueryStringParameters: { a: ['1', '2'] },
      pathParameters: { proxy: 'event' },
      body: null,
      isBase64Encoded: false,
      requestContext: { stage: 'dev', path: '/dev/event', httpMethod: 'GET' },
    });
    expect((event.headers as Record<string, string>)['X-Custom-Case']).toBe('v');
    expect((event.multiValueHeaders as Record<string, string[]>)['X-Custom-Case']).toEqual(['v']);
  });

  it('streams with the prelude and cuts on a mid-stream error', async () => {
    const cookies = await fetch(`${restStreaming.url}/cookies`);
    expect(cookies.status).toBe(201);
    expect(cookies.headers.getSetCookie()).toHaveLength(3);
    const failed = await fetch(`${restStreaming.url}/fail-after`);
    expect((await readAll(failed)).cut).toBe(true);
  });

  it('answers 502 with API Gateway’s body before the first byte', async () => {
    const response = await fetch(`${restStreaming.url}/fail-before`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
  });

  it('maps a buffered proxy result with multiValueHeaders', async () => {
    const response = await fetch(`${restBuffered.url}/buffered-multi`);
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(await response.text()).toBe('multi');
  });

  it('rejects a buffered result without statusCode as a malformed proxy response', async () => {
    const response = await fetch(`${restBuffered.url}/buffered-json`);
    expect(response.status).toBe(502);
    const entry = await logFor(restBuffered, response.headers.get('x-amzn-requestid'));
    expect(entry.errorType).toBe('MalformedLambdaProxyResponse');
  });
});
