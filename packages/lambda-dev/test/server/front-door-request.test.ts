import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevRuntimeKind, DevServer } from '../../src/types.ts';
import { rawHttp } from '../raw-http.ts';
import { APP_FIXTURE } from '../support.ts';

// What the front door takes from the client's request line and headers (issue 14, items 12-13):
// a Function URL's path always starts with `/`, and its domain is its own, never the Host a
// client sends.
const RAW_OUTPUT = fileURLToPath(new URL('../../test-fixtures/raw-output.mjs', import.meta.url));

function portOf(url: string): string {
  return new URL(url).port;
}

describe('the request target, on a raw socket', () => {
  let url: DevServer;
  let rest: DevServer;
  beforeAll(async () => {
    const base = { handler: APP_FIXTURE, port: 0, runtime: 'ric' as const, maxRuntimes: 1 };
    [url, rest] = await Promise.all([
      startDevServer(base),
      startDevServer({ ...base, mode: 'rest' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([url?.close(), rest?.close()]);
  });

  it('keeps only path and query of an absolute-form target (Function URL)', async () => {
    const response = await rawHttp(
      url.url,
      'GET http://example.com/event?x=1&y=2 HTTP/1.1\r\nHost: example.com',
    );
    expect(response.status).toBe(200);
    const event = JSON.parse(response.body.toString());
    expect(event.rawPath).toBe('/event');
    expect(event.rawQueryString).toBe('x=1&y=2');
    expect(event.requestContext.http.path).toBe('/event');
    expect(event.requestContext.domainName).toBe(`127.0.0.1:${portOf(url.url)}`);
  });

  it('keeps only path and query of an absolute-form target (REST)', async () => {
    const response = await rawHttp(
      rest.url,
      'GET https://example.com:8443/event?x=1 HTTP/1.1\r\nHost: a.example',
    );
    expect(response.status).toBe(200);
    const event = JSON.parse(response.body.toString());
    expect(event.path).toBe('/event');
    expect(event.requestContext.path).toBe('/dev/event');
    expect(event.queryStringParameters).toEqual({ x: '1' });
  });

  it('answers 400 to a target that is not a path, without invoking the function', async () => {
    const response = await rawHttp(url.url, 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString())).toEqual({ Message: 'Bad Request' });
    const entry = url.logs.findLast((e) => e.kind === 'request');
    expect(entry).toMatchObject({ status: 400, outcome: 'error', errorType: 'BadRequest' });
  });
});

describe.each<DevRuntimeKind>(['ric', 'in-process'])('the event domain, %s runtime', (runtime) => {
  let url: DevServer;
  let rest: DevServer;
  let other: Server;
  let otherPort: number;
  let otherHits = 0;
  beforeAll(async () => {
    // Another local server: what a client would like the function to reach through the Host.
    other = createServer((_req, res) => {
      otherHits++;
      res.end('secret from another local server');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherPort = (other.address() as { port: number }).port;
    const base = { handler: RAW_OUTPUT, port: 0, runtime, maxRuntimes: 1 };
    [url, rest] = await Promise.all([
      startDevServer(base),
      startDevServer({ ...base, mode: 'rest' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([url?.close(), rest?.close()]);
    other?.close();
  });

  const post = (server: DevServer, spec: unknown, host: string) => {
    const body = JSON.stringify(spec);
    return rawHttp(
      server.url,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json`,
      body,
    );
  };

  it('is this server, whatever Host the client sent (Function URL)', async () => {
    const own = `127.0.0.1:${portOf(url.url)}`;
    const response = await post(url, { event: true }, `127.0.0.1:${otherPort}`);
    const event = JSON.parse(response.body.toString());
    expect(event.requestContext.domainName).toBe(own);
    expect(event.requestContext.domainPrefix).toBe('127');
    expect(event.headers.host).toBe(own);
  });

  it('is this server, whatever Host the client sent (REST)', async () => {
    const own = `127.0.0.1:${portOf(rest.url)}`;
    const response = await post(rest, { event: true }, 'evil.example');
    const event = JSON.parse(response.body.toString());
    expect(event.requestContext.domainName).toBe(own);
    expect(event.headers.Host).toBe(own);
    expect(event.multiValueHeaders.Host).toEqual([own]);
  });

  it('so a function that fetches its own domain never reaches another local server', async () => {
    for (const server of [url, rest]) {
      const response = await post(server, { fetchOwn: '/' }, `127.0.0.1:${otherPort}`);
      expect(response.body.toString()).not.toContain('secret');
      // It reached this dev server instead (asking for its own event's JSON).
      expect(response.status).toBe(200);
    }
    expect(otherHits).toBe(0);
  });
});
