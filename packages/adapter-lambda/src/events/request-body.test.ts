// The body the app gets, and the framing headers that describe it, come from the decoded event
// body only: a Content-Length or Transfer-Encoding the event carries is never passed on as is.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  albEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import { InvalidEventError } from '../errors.ts';
import { streamHandle } from '../stream/stream-handle.ts';
import type { LambdaHttpResult } from './types.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const TEN_THOUSAND = Buffer.alloc(10_000, 'x');

/** Hono with its own body limit: it trusts Content-Length when there is one. */
function limitedApp(): Hono {
  const app = new Hono();
  app.post('/upload', bodyLimit({ maxSize: 1024 }), async (c) => {
    const body = await c.req.arrayBuffer();
    return c.json({ bytes: body.byteLength, length: c.req.header('content-length') ?? null });
  });
  return app;
}

/** Every way an event can carry the 10,000 bytes, each claiming a 1-byte Content-Length. */
const lyingEvents = [
  [
    'Function URL',
    functionUrlEvent({
      method: 'POST',
      rawPath: '/upload',
      headers: { host: 'h', 'content-length': '1' },
      body: TEN_THOUSAND.toString('base64'),
      isBase64Encoded: true,
    }),
  ],
  [
    'REST',
    restEvent({
      httpMethod: 'POST',
      path: '/upload',
      headers: { 'Content-Length': '1' },
      multiValueHeaders: { 'Content-Length': ['1'] },
      body: TEN_THOUSAND.toString('utf8'),
    }),
  ],
] as const;

async function streamed(handler: ReturnType<typeof streamHandle>, event: unknown) {
  const sink = capturingSink();
  await handler(event, sink, lambdaContext());
  const { prelude, body } = parseStreamed(sink.bytes());
  return { status: (prelude as { statusCode: number }).statusCode, body: body.toString() };
}

describe('request body framing', () => {
  it.each(lyingEvents)(
    '%s: content-length 1 with a 10,000-byte body -> 413 (handle)',
    async (_, event) => {
      const result = (await handle(limitedApp())(event)) as LambdaHttpResult;
      expect(result.statusCode).toBe(413);
    },
  );

  it.each(lyingEvents)(
    '%s: content-length 1 with a 10,000-byte body -> 413 (streamHandle)',
    async (_, event) => {
      expect((await streamed(streamHandle(limitedApp()), event)).status).toBe(413);
    },
  );

  it('sets Content-Length to the decoded size, so a body under the limit passes', async () => {
    const event = functionUrlEvent({
      method: 'POST',
      rawPath: '/upload',
      headers: { host: 'h', 'content-length': '99999' },
      body: Buffer.alloc(600, 1).toString('base64'),
      isBase64Encoded: true,
    });
    const result = (await handle(limitedApp())(event)) as LambdaHttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ bytes: 600, length: '600' });
  });

  it('counts UTF-8 bytes of a text body, not characters', async () => {
    const seen: (string | null)[] = [];
    const handler = handle((request: Request) => {
      seen.push(request.headers.get('content-length'));
      return new Response('ok');
    });
    await handler(httpApiEvent({ method: 'PUT', body: 'héllo ✓', isBase64Encoded: false }));
    expect(seen).toEqual([String(Buffer.byteLength('héllo ✓'))]);
  });

  it('drops Content-Length and Transfer-Encoding when the request has no body', async () => {
    const seen: [string, string][][] = [];
    const handler = handle((request: Request) => {
      seen.push([...request.headers].filter(([name]) => name !== 'host'));
      return new Response('ok');
    });
    const framing = { 'content-length': '5', 'transfer-encoding': 'chunked', 'x-kept': '1' };
    // A GET body is never passed on; an empty ALB body is an empty body.
    await handler(functionUrlEvent({ headers: framing, body: 'hello' }));
    await handler(albEvent({ httpMethod: 'POST', headers: { host: 'a.example', ...framing } }));
    expect(seen).toEqual([
      [['x-kept', '1']],
      [
        ['content-length', '0'],
        ['x-kept', '1'],
      ],
    ]);
  });

  it('drops Transfer-Encoding: the app gets the decoded bytes, not chunked framing', async () => {
    const seen: [string, string][][] = [];
    const handler = handle((request: Request) => {
      seen.push([...request.headers].filter(([name]) => name !== 'host'));
      return new Response('ok');
    });
    const headers = { host: 'h', 'transfer-encoding': 'chunked' };
    await handler(functionUrlEvent({ method: 'POST', headers, body: 'abc' }));
    expect(seen).toEqual([[['content-length', '3']]]);
  });
});

describe('base64 request bodies', () => {
  const invalid = [
    ['a character outside the alphabet', 'aGVsbG8*'],
    ['a length that is not a multiple of 4', 'aGVsbG8'],
    ['padding in the middle', 'aG==VsbG8='],
    ['URL-safe characters', 'aGVsbG8_-w=='],
    ['whitespace', 'aGVs bG8='],
    ['bits set past the last byte', 'aGVsbG9='],
  ];

  it.each(invalid)('answers 400 for %s and logs a typed error (handle)', async (_, body) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = vi.fn(() => new Response('app ran'));
    const event = functionUrlEvent({ method: 'POST', body, isBase64Encoded: true });
    const result = (await handle(app)(event)) as LambdaHttpResult;
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error.code).toBe('BAD_REQUEST');
    expect(app).not.toHaveBeenCalled();
    const logged = error.mock.calls[0]?.[1];
    expect(logged).toBeInstanceOf(InvalidEventError);
    expect(logged).toMatchObject({ code: 'INVALID_EVENT', field: 'body' });
  });

  it.each(invalid)('answers 400 for %s (streamHandle)', async (_, body) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = vi.fn(() => new Response('app ran'));
    const event = restEvent({ httpMethod: 'POST', body, isBase64Encoded: true });
    expect((await streamed(streamHandle(app), event)).status).toBe(400);
    expect(app).not.toHaveBeenCalled();
  });

  it('decodes valid base64 of every padding length, and the empty body', async () => {
    const seen: string[] = [];
    const handler = handle(async (request: Request) => {
      seen.push(Buffer.from(await request.arrayBuffer()).toString('hex'));
      return new Response('ok');
    });
    for (const bytes of [[], [1], [1, 2], [1, 2, 3], [0xff, 0xfe, 0xfd, 0xfc]]) {
      const body = Buffer.from(bytes).toString('base64');
      const event = functionUrlEvent({ method: 'POST', body, isBase64Encoded: true });
      expect(await handler(event)).toMatchObject({ statusCode: 200 });
    }
    expect(seen).toEqual(['', '01', '0102', '010203', 'fffefdfc']);
  });
});
