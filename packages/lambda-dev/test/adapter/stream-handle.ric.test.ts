// streamHandle under the real aws-lambda-ric, inside the local dev server (Function URL and
// API Gateway REST front doors), hit with undici and curl. Every body is compared with what
// the same app answers through app.fetch directly.
import { createHash } from 'node:crypto';
import { readSSE, type SSEMessage, SSEServerError } from '@sluice/core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../adapter-lambda/test-fixtures/adapter/app.ts';
import {
  type BundledHandler,
  bundleHandler,
  STREAMING_TEST_APP,
} from '../../../adapter-lambda/test-fixtures/adapter/bundle.ts';
import type { DevRequestLog } from '../../src/index.ts';
import {
  curl,
  expectSameResponse,
  fetchDirect,
  fetchRaw,
  type Harness,
  type RawResponse,
  startHarness,
} from '../harness.ts';

const app = createTestApp();
const EXPOSE_GC = { NODE_OPTIONS: '--expose-gc' };
let bundle: BundledHandler;
let url: Harness;
let rest: Harness;

beforeAll(async () => {
  bundle = await bundleHandler(STREAMING_TEST_APP);
  [url, rest] = await Promise.all([
    startHarness({ handler: bundle.file, mode: 'url', timeoutSec: 60, env: EXPOSE_GC }),
    startHarness({ handler: bundle.file, mode: 'rest', timeoutSec: 60 }),
  ]);
});

afterAll(async () => {
  await Promise.all([url?.close(), rest?.close()]);
  await bundle?.remove();
});

const requestLog = (h: Harness, path: string) =>
  h.waitForLog((e) => e.kind === 'request' && e.path === path) as Promise<DevRequestLog>;

describe('streamHandle under aws-lambda-ric: byte-identical to app.fetch', () => {
  it.each([
    ['/text'],
    ['/json'],
    ['/redirect'],
    ['/empty'],
    ['/cookies'],
    ['/png'],
    ['/gzip'],
    ['/throw'],
  ])('%s', async (path) => {
    const direct = await fetchDirect(app, path);
    const lambda = await fetchRaw(url.server.url + path);
    expectSameResponse(lambda, direct);
  });

  it('sends three separate Set-Cookie headers and a 500 JSON from the app error path', async () => {
    const cookies = await fetchRaw(`${url.server.url}/cookies`);
    expect(cookies.headers['set-cookie']).toHaveLength(3);
    const thrown = await fetchRaw(`${url.server.url}/throw`);
    expect(thrown.status).toBe(500);
    expect(JSON.parse(thrown.body.toString())).toEqual({
      error: { code: 'APP_ERROR', message: 'thrown before the response' },
    });
  });

  it('keeps gzip bytes compressed and Content-Encoding set', async () => {
    const lambda = await fetchRaw(`${url.server.url}/gzip`);
    expect(lambda.headers['content-encoding']).toBe('gzip');
    expect(lambda.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('streams sluice SSE (@sluice/core sse) byte-identical, and it verifies', async () => {
    const direct = await fetchDirect(app, '/sse?n=20');
    const lambda = await fetchRaw(`${url.server.url}/sse?n=20`);
    expect(lambda.headers['content-type']).toBe(direct.headers.get('content-type'));
    expect(lambda.body).toEqual(direct.body);
    const messages = await collect(readSSE(asResponse(lambda)));
    expect(messages).toHaveLength(20);
    expect(JSON.parse(messages[19]!.data)).toEqual({ n: 20, text: 'token 20 ✓' });
  });

  it('echoes method, raw query (repeated keys), UTF-8 header bytes, cookies and a binary body (curl)', async () => {
    const query = '?a=1&a=2&u=%E6%97%A5%E6%9C%AC&sp=a+b&empty=&a=3';
    const body = Buffer.from([0, 1, 2, 0xff, 0xfe]);
    const stdout = await curl(
      [
        '-X',
        'POST',
        '-H',
        'x-test-unicode: 日本 ✓ café',
        '-H',
        'cookie: a=1; b=2',
        '-H',
        'content-type: application/octet-stream',
        '--data-binary',
        '@-',
        `${url.server.url}/echo${query}`,
      ],
      body,
    );
    // What node:http hands an app for those header bytes: UTF-8 bytes read as latin1.
    const headers = {
      'x-test-unicode': Buffer.from('日本 ✓ café').toString('latin1'),
      cookie: 'a=1; b=2',
      'content-type': 'application/octet-stream',
    };
    const direct = await fetchDirect(app, `/echo${query}`, { method: 'POST', headers, body });
    expect(JSON.parse(stdout.toString())).toEqual(JSON.parse(direct.body.toString()));
    expect(JSON.parse(stdout.toString())).toMatchObject({
      search: query,
      query: [
        ['a', '1'],
        ['a', '2'],
        ['u', '日本'],
        ['sp', 'a b'],
        ['empty', ''],
        ['a', '3'],
      ],
      body: body.toString('base64'),
    });
  });

  it('streams 100 MiB byte-identical with flat memory in the function', async () => {
    const path = '/big?mb=100';
    const directHash = createHash('sha256');
    const direct = await app.fetch(new Request(`https://direct.test${path}`));
    for await (const chunk of direct.body!) directHash.update(chunk);

    const response = await request(url.server.url + path);
    expect(response.statusCode).toBe(200);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of response.body) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    expect(bytes).toBe(100 * 1024 * 1024);
    expect(hash.digest('hex')).toBe(directHash.digest('hex'));

    // Live memory, measured after forced GCs inside the function, stays at a few chunks.
    const done = await url.waitForLog(
      (e) => e.kind === 'runtime' && e.line.includes('big-stream-done {"chunks":1600'),
    );
    const { livePeak } = JSON.parse((done as { line: string }).line.split('big-stream-done ')[1]!);
    expect(livePeak).toBeGreaterThan(0);
    expect(livePeak).toBeLessThan(8 * 1024 * 1024);
  }, 60_000);
});

describe('streamHandle under aws-lambda-ric: failures', () => {
  it('a body failing mid-stream cuts the client and reaches the runtime as error trailers', async () => {
    const response = await request(`${url.server.url}/throw-mid`);
    expect(response.statusCode).toBe(200);
    const received: Buffer[] = [];
    const read = (async () => {
      for await (const chunk of response.body) received.push(chunk);
    })();
    await expect(read).rejects.toThrow();
    expect(Buffer.concat(received).toString()).toBe('part 1\npart 2\n');
    const log = await requestLog(url, '/throw-mid');
    expect(log).toMatchObject({
      outcome: 'error-trailer',
      errorType: 'Error',
      errorMessage: 'body failed mid-stream',
    });
  });

  it('a client that leaves mid-stream does not stop the invocation, and the dev server logs it', async () => {
    const path = '/slow?n=12&ms=40&id=leaver';
    const response = await request(url.server.url + path);
    for await (const chunk of response.body) {
      expect(chunk.toString()).toMatch(/^tick 0/);
      break; // leaves after the first chunk: the for-await exit destroys the body
    }
    const log = await requestLog(url, path);
    expect(log.outcome).toBe('client-gone');
    const done = await url.waitForLog(
      (e) => e.kind === 'runtime' && e.line.includes('slow-done {"id":"leaver"'),
    );
    expect((done as { line: string }).line).toContain(
      'slow-done {"id":"leaver","n":12,"aborted":false}',
    );
  });
});

describe('streamHandle under aws-lambda-ric: deadline', () => {
  let short: Harness;
  beforeAll(async () => {
    short = await startHarness({ handler: bundle.file, mode: 'url', timeoutSec: 3 });
  });
  afterAll(() => short?.close());

  it('aborts request.signal before the timeout so the stream ends cleanly with status aborted', async () => {
    const lambda = await fetchRaw(`${short.server.url}/sse?forever`);
    expect(lambda.status).toBe(200);
    const failure = collect(readSSE(asResponse(lambda)));
    await expect(failure).rejects.toBeInstanceOf(SSEServerError);
    await expect(failure).rejects.toMatchObject({ status: 'aborted' });
    const done = await short.waitForLog((e) => e.kind === 'runtime' && e.line.includes('sse-done'));
    expect((done as { line: string }).line).toMatch(/"aborted":true,"reason":"DEADLINE"/);
    const log = await requestLog(short, '/sse?forever');
    expect(log.outcome).toBe('ok');
    expect(short.logs.some((e) => e.kind === 'event' && e.level === 'error')).toBe(false);
  }, 20_000);
});

describe('streamHandle under aws-lambda-ric: API Gateway REST (v1 events)', () => {
  it.each([['/text'], ['/cookies'], ['/png'], ['/gzip'], ['/empty']])('%s', async (path) => {
    const direct = await fetchDirect(app, path);
    const lambda = await fetchRaw(rest.server.url + path);
    expect(lambda.status).toBe(direct.status);
    expect(lambda.body).toEqual(direct.body);
  });

  it('echoes repeated query keys and repeated headers as API Gateway delivers them', async () => {
    const query = '?a=1&a=2&u=%E6%97%A5';
    const lambda = await fetchRaw(`${rest.server.url}/echo${query}`, {
      headers: { 'x-test-rep': ['1', '2'] },
    });
    const direct = await fetchDirect(app, `/echo${query}`, {
      headers: [
        ['x-test-rep', '1'],
        ['x-test-rep', '2'],
      ],
    });
    const got = JSON.parse(lambda.body.toString());
    const want = JSON.parse(direct.body.toString());
    expect(got.query).toEqual(want.query);
    expect(got.headers).toEqual(want.headers);
    expect(got.headers).toEqual([['x-test-rep', '1, 2']]);
  });
});

async function collect(messages: AsyncIterable<SSEMessage>): Promise<SSEMessage[]> {
  const all: SSEMessage[] = [];
  for await (const message of messages) all.push(message);
  return all;
}

function asResponse(raw: RawResponse): Response {
  return new Response(new Uint8Array(raw.body), {
    status: raw.status,
    headers: { 'content-type': String(raw.headers['content-type']) },
  });
}
