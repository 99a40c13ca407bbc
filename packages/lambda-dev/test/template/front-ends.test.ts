// What the template's front ends answer beyond the happy path, under the real aws-lambda-ric:
// an absolute-form request target is routed by its path, and the event's domain is the
// server's own, whatever the Host; a function that fails before its first byte gets each front
// end's own error, byte for byte; buffered front ends send Content-Length; the Invoke API
// reports the function's MemorySize and logs under the function's name.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawHttp } from '../raw-http.ts';
import { logFor } from '../support.ts';
import { APP, useAppTemplate } from './app-template.ts';

const served = useAppTemplate('test-front-ends', { envVars: join(APP, 'env.json') });
const serverUrl = () => served.server.url;
const echoUrl = () =>
  served.server.template?.functions.find((fn) => fn.logicalId === 'EchoFunction')?.functionUrl ??
  '';

/** An absolute-form GET of `path` on `base`'s socket, naming another host twice. */
function absoluteGet(base: string, path: string) {
  return rawHttp(base, `GET http://example.com${path} HTTP/1.1\r\nHost: 127.0.0.1:9`);
}

describe('an absolute-form request target', () => {
  it('is routed by its path on REST and HTTP API routes, with the server as the domain', async () => {
    const own = new URL(serverUrl()).host;
    const rest = await absoluteGet(serverUrl(), '/Prod/items/42');
    expect(rest.status).toBe(200);
    expect(JSON.parse(rest.body.toString())).toMatchObject({ id: '42', stage: 'Prod' });

    const http = await absoluteGet(serverUrl(), '/x/y?q=1');
    expect(http.status).toBe(200);
    expect(JSON.parse(http.body.toString())).toMatchObject({
      route: 'ANY /{proxy+}',
      rawPath: '/x/y',
      pathParameters: { proxy: 'x/y' },
      domainName: own,
      host: own,
    });

    const restEcho = await absoluteGet(serverUrl(), '/Prod/a');
    expect(JSON.parse(restEcho.body.toString())).toMatchObject({
      path: '/a',
      domainName: own,
      host: own,
    });
  });

  it('that is no path at all (OPTIONS *) is a 400 on the API origin, as on a Function URL', async () => {
    for (const base of [serverUrl(), echoUrl()]) {
      const response = await rawHttp(base, 'OPTIONS * HTTP/1.1\r\nHost: h');
      expect(response.status).toBe(400);
    }
  });

  it('reaches a template Function URL by its path, with its own origin as the domain', async () => {
    const response = await absoluteGet(echoUrl(), '/hello?x=1');
    expect(response.status).toBe(200);
    const own = new URL(echoUrl()).host;
    expect(JSON.parse(response.body.toString())).toMatchObject({
      rawPath: '/hello',
      domainName: own,
      host: own,
    });
  });
});

describe('a function that fails before its first byte', () => {
  it('HTTP API: 500 {"message":"Internal Server Error"}, no error type', async () => {
    const response = await rawHttp(serverUrl(), 'GET /x?fail=1 HTTP/1.1\r\nHost: h');
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('{"message":"Internal Server Error"}');
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['content-length']).toBe('35');
    expect(response.headers['x-amzn-errortype']).toBeUndefined();
    const entry = await logFor(served.server, response.headers['x-amzn-requestid'] ?? null);
    expect(entry).toMatchObject({ status: 500, outcome: 'error', errorType: 'Error' });
  });

  it('REST: 502 {"message": "Internal server error"}, InternalServerErrorException', async () => {
    const response = await rawHttp(serverUrl(), 'GET /Prod/x?fail=1 HTTP/1.1\r\nHost: h');
    expect(response.status).toBe(502);
    expect(response.body.toString()).toBe('{"message": "Internal server error"}');
    expect(response.headers['content-length']).toBe('36');
    expect(response.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
  });

  it('Function URL: 502 {"Message":"Internal Server Error"} with the function\'s error type', async () => {
    const response = await rawHttp(echoUrl(), 'GET /x?fail=1 HTTP/1.1\r\nHost: h');
    expect(response.status).toBe(502);
    expect(response.body.toString()).toBe('{"Message":"Internal Server Error"}');
    expect(response.headers['x-amzn-errortype']).toBe('Error');
  });
});

describe('buffered front ends', () => {
  it.each([
    ['an HTTP API route', () => `${serverUrl()}/x/y`],
    ['a REST route without STREAM', () => `${serverUrl()}/Prod/items/1`],
    ['a BUFFERED Function URL', () => `${echoUrl()}z`],
  ])('%s sends Content-Length, not chunks', async (_name, url) => {
    const response = await rawHttp(url(), `GET ${new URL(url()).pathname} HTTP/1.1\r\nHost: h`);
    expect(response.status).toBe(200);
    expect(response.headers['transfer-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBe(String(response.body.length));
  });
});

describe('the Invoke API in template mode', () => {
  it("reports the function's MemorySize and logs under its name", async () => {
    const response = await fetch(`${serverUrl()}/2015-03-31/functions/ItemsFunction/invocations`, {
      method: 'POST',
      headers: { 'x-amz-log-type': 'Tail' },
      body: JSON.stringify({ requestContext: { stage: 'direct' }, pathParameters: { id: '9' } }),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { body: string };
    expect(JSON.parse(result.body)).toMatchObject({ id: '9', memory: '256', memoryEnv: '256' });
    const tail = Buffer.from(response.headers.get('x-amz-log-result') ?? '', 'base64').toString();
    expect(tail).toMatch(/^REPORT RequestId: \S+\tDuration: .*\tMemory Size: 256 MB$/m);
    const entry = await logFor(served.server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      functionName: 'ItemsFunction',
      path: '/2015-03-31/functions/ItemsFunction/invocations',
      status: 200,
      outcome: 'ok',
    });
  });
});
