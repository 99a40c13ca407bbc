// Behaviours Hono's own AWS Lambda adapter is tested for (honojs/hono, src/adapter/aws-lambda
// handler.test.ts and runtime-tests/lambda), checked here on handle() and streamHandle() with
// our own events and app. Where this adapter deliberately answers differently, the test says
// so and why.
import { Hono } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { getCookie } from 'hono/cookie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { defaultIsBinary } from '../buffered/encode-body.ts';
import { handle } from '../buffered/handle.ts';
import type { ResultV1, ResultV2 } from '../events/types.ts';
import { streamHandle } from '../stream/stream-handle.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Answers with what it was given: method, URL, every header, the body as text. */
function mirrorApp(): Hono {
  const app = new Hono();
  app.use('/auth/*', basicAuth({ username: 'lambda-user', password: 'lambda-pass' }));
  app.get('/auth/ok', (c) => c.text('authorised'));
  app.post('/form', async (c) => c.text(String((await c.req.parseBody()).message)));
  app.get('/cookie', (c) => c.text(getCookie(c, 'id') === 'a1' ? 'valid' : 'invalid'));
  app.get('/env', (c) => {
    const env = c.env as { event: unknown; requestContext: { stage?: string } };
    return c.json({ event: env.event, stage: env.requestContext.stage ?? null });
  });
  app.all('*', async (c) =>
    c.json({
      method: c.req.method,
      url: c.req.url,
      headers: Object.fromEntries(c.req.raw.headers),
      body: await c.req.text(),
    }),
  );
  return app;
}

type Mirror = { method: string; url: string; headers: Record<string, string>; body: string };

async function buffered(event: unknown): Promise<ResultV1 & ResultV2> {
  return (await handle(mirrorApp())(event, lambdaContext())) as ResultV1 & ResultV2;
}

async function mirrored(event: unknown): Promise<Mirror> {
  const viaHandle = JSON.parse((await buffered(event)).body) as Mirror;
  const sink = capturingSink();
  await streamHandle(mirrorApp())(event, sink, lambdaContext());
  const viaStream = JSON.parse(parseStreamed(sink.bytes()).body.toString()) as Mirror;
  // Both handlers build the same Request from the same event.
  expect(viaStream).toEqual(viaHandle);
  return viaHandle;
}

describe('requests (Hono: EventProcessor.createRequest)', () => {
  it('REST: multi-value query wins over single; multi-value headers win, headers fill in', async () => {
    const seen = await mirrored(
      restEvent({
        path: '/my/path',
        headers: { 'content-type': 'application/json', header1: 'value1', header2: 'value1' },
        multiValueHeaders: { header1: ['value1'], header2: ['value1', 'value2', 'value3'] },
        queryStringParameters: { parameter2: 'value' },
        multiValueQueryStringParameters: {
          parameter1: ['value1', 'value2'],
          parameter2: ['value'],
        },
      }),
    );
    expect(seen.url).toBe(
      'https://r2d2c3po.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    );
    expect(seen.headers).toEqual({
      'content-type': 'application/json',
      header1: 'value1',
      header2: 'value1, value2, value3',
    });
  });

  it('REST: decoded query values are encoded again, so they read back unchanged', async () => {
    const values = {
      path: '/book/{bookId}/',
      name: 'John Doe',
      tag: '日本語',
      'key with spaces': 'value with spaces',
      'special!@#$%^&*()': 'chars!@#$%^&*()',
      equals: 'a=b=c',
      ampersand: 'a&b&c',
    };
    const multi = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]]));
    const { url } = await mirrored(restEvent({ multiValueQueryStringParameters: multi }));
    expect(url).toContain('?path=%2Fbook%2F%7BbookId%7D%2F&name=John%20Doe&tag=%E6%97%A5');
    expect(Object.fromEntries(new URL(url).searchParams)).toEqual(values);
  });

  it('payload 2.0: raw query kept, cookies[] joined with "; ", comma lists left alone', async () => {
    const seen = await mirrored(
      functionUrlEvent({
        method: 'POST',
        rawPath: '/my/path',
        rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
        cookies: ['cookie1', 'cookie2'],
        headers: {
          'content-type': 'application/json',
          header1: 'value1',
          header2: 'value1,value2',
        },
        body: 'Hello from Lambda',
      }),
    );
    expect(seen).toEqual({
      method: 'POST',
      url: 'https://abcdefg.lambda-url.us-east-1.on.aws/my/path?parameter1=value1&parameter1=value2&parameter2=value',
      headers: {
        'content-length': '17',
        'content-type': 'application/json',
        cookie: 'cookie1; cookie2',
        header1: 'value1',
        header2: 'value1,value2',
      },
      body: 'Hello from Lambda',
    });
  });

  it('decodes base64 bodies (v1, v2) and passes plain ones as they are', async () => {
    const hello = Buffer.from('Hello from Lambda').toString('base64');
    for (const event of [
      restEvent({ httpMethod: 'POST', body: hello, isBase64Encoded: true }),
      functionUrlEvent({ method: 'POST', body: hello, isBase64Encoded: true }),
      restEvent({ httpMethod: 'POST', body: 'Hello from Lambda', isBase64Encoded: false }),
    ]) {
      expect((await mirrored(event)).body).toBe('Hello from Lambda');
    }
  });

  it('ALB (handle only): host from the Host header, either map; query as sent', async () => {
    const single = albEvent({
      httpMethod: 'POST',
      path: '/my/path',
      headers: { host: 'my-alb.example.com', cookie: 'session=abc123; user=john' },
      queryStringParameters: { key1: 'value1' },
      body: Buffer.from('Hello World').toString('base64'),
      isBase64Encoded: true,
    });
    const one = JSON.parse((await buffered(single)).body) as Mirror;
    expect(one.url).toBe('https://my-alb.example.com/my/path?key1=value1');
    expect(one.headers.cookie).toBe('session=abc123; user=john');
    expect(one.body).toBe('Hello World');
    const multi = albMultiValueEvent({
      multiValueHeaders: {
        host: ['alb-multi.example.com'],
        cookie: ['session=abc123', 'user=john'],
      },
      queryStringParameters: { select: 'currency' },
      multiValueQueryStringParameters: { select: ['amount', 'currency'] },
    });
    const many = JSON.parse((await buffered(multi)).body) as Mirror;
    expect(new URL(many.url).host).toBe('alb-multi.example.com');
    expect(new URL(many.url).searchParams.getAll('select')).toEqual(['amount', 'currency']);
    expect(many.headers.cookie).toBe('session=abc123; user=john');
  });

  it('differs: repeated ALB values join with ", " (RFC 9110 lists), not "; " as in Hono', async () => {
    const event = albMultiValueEvent({
      multiValueHeaders: { host: ['alb.example.com'], 'x-custom': ['value1', 'value2'] },
    });
    expect((JSON.parse((await buffered(event)).body) as Mirror).headers['x-custom']).toBe(
      'value1, value2',
    );
  });

  it('differs: a header value beyond Latin-1 arrives as its UTF-8 bytes, as node:http gives it, not percent-encoded', async () => {
    const seen = await mirrored(functionUrlEvent({ headers: { host: 'h', 'x-city': '東京' } }));
    expect(Buffer.from(seen.headers['x-city']!, 'latin1').toString('utf8')).toBe('東京');
  });

  it('REST without requestContext (console test invoke) is still read, host from Host', async () => {
    const { requestContext: _, ...event } = restEvent({ path: '/p' });
    expect((await buffered(event)).statusCode).toBe(200);
  });
});

describe('apps (Hono: runtime-tests/lambda)', () => {
  it('basic auth: 401 without credentials, 200 with them', async () => {
    expect((await buffered(restEvent({ path: '/auth/ok' }))).statusCode).toBe(401);
    const authorization = `Basic ${Buffer.from('lambda-user:lambda-pass').toString('base64')}`;
    const ok = await buffered(
      restEvent({
        path: '/auth/ok',
        headers: { Authorization: authorization },
        multiValueHeaders: { Authorization: [authorization] },
      }),
    );
    expect(ok).toMatchObject({ statusCode: 200, body: 'authorised' });
  });

  it('a base64 form body is parsed by the app', async () => {
    const event = functionUrlEvent({
      method: 'POST',
      rawPath: '/form',
      headers: { host: 'h', 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('message=Good+Morning+Lambda%21').toString('base64'),
      isBase64Encoded: true,
    });
    expect(await buffered(event)).toMatchObject({ statusCode: 200, body: 'Good Morning Lambda!' });
  });

  it('cookies reach the app from a v1 Cookie header and from v2 cookies[]', async () => {
    const v1 = restEvent({
      path: '/cookie',
      headers: { cookie: 'x=0; id=a1' },
      multiValueHeaders: {},
    });
    expect((await buffered(v1)).body).toBe('valid');
    expect(
      (await buffered(functionUrlEvent({ rawPath: '/cookie', cookies: ['x=0', 'id=a1'] }))).body,
    ).toBe('valid');
  });

  it('the app gets the raw event and its requestContext as env', async () => {
    const event = restEvent({ path: '/env' });
    expect(JSON.parse((await buffered(event)).body)).toEqual({
      event: JSON.parse(JSON.stringify(event)),
      stage: 'prod',
    });
  });
});

describe('results (Hono: EventProcessor.createResult)', () => {
  const reply = (response: Response) => handle(() => response);

  it('gzip forces base64 even for text/plain; no body is an empty, non-base64 string', async () => {
    const gzip = new Response('compressed', {
      headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
    });
    expect(await reply(gzip)(restEvent())).toMatchObject({ isBase64Encoded: true });
    const empty = await reply(new Response(null, { status: 204 }))(restEvent());
    expect(empty).toMatchObject({ statusCode: 204, body: '', isBase64Encoded: false });
  });

  it('v1 without multiValueHeaders answers headers; with them, multiValueHeaders', async () => {
    const response = () => new Response('hello', { headers: { 'x-custom': 'test-value' } });
    const noMulti = (await reply(response())({
      ...restEvent(),
      multiValueHeaders: undefined,
    })) as ResultV1;
    expect(noMulti.headers?.['x-custom']).toBe('test-value');
    expect(noMulti.multiValueHeaders).toBeUndefined();
    const multi = (await reply(response())(restEvent())) as ResultV1;
    expect(multi.multiValueHeaders?.['x-custom']).toEqual(['test-value']);
    expect(multi.headers).toBeUndefined();
  });

  it('Set-Cookie: v2 cookies[], v1 and multi-value ALB every cookie apart', async () => {
    const withCookies = () => {
      const response = new Response('hello', { status: 201 });
      response.headers.append('set-cookie', 'session=abc; Path=/');
      response.headers.append('set-cookie', 'token=xyz; Path=/');
      return response;
    };
    const both = ['session=abc; Path=/', 'token=xyz; Path=/'];
    const v2 = (await reply(withCookies())(httpApiEvent())) as ResultV2;
    expect(v2).toMatchObject({ statusCode: 201, cookies: both });
    expect(v2.headers['set-cookie']).toBeUndefined();
    expect(
      ((await reply(withCookies())(restEvent())) as ResultV1).multiValueHeaders?.['set-cookie'],
    ).toEqual(both);
    const alb = (await reply(withCookies())(albMultiValueEvent())) as ResultV1;
    expect(alb.multiValueHeaders?.['set-cookie']).toEqual(both);
  });

  it('differs: single-value ALB sends the first Set-Cookie and warns, never two joined with ", "', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const response = new Response('hello');
    response.headers.append('set-cookie', 'a=1; Expires=Tue, 01 Jan 2030 00:00:00 GMT');
    response.headers.append('set-cookie', 'b=2');
    const result = (await reply(response)(albEvent())) as ResultV1;
    expect(result.headers?.['set-cookie']).toBe('a=1; Expires=Tue, 01 Jan 2030 00:00:00 GMT');
    expect(warn).toHaveBeenCalledOnce();
  });

  it('differs: an unknown Content-Encoding still means base64 (its bytes are not text); "" does not', async () => {
    const encoded = (coding: string) =>
      reply(
        new Response('text', {
          headers: { 'content-type': 'text/plain', 'content-encoding': coding },
        }),
      )(httpApiEvent());
    expect(await encoded('unknown')).toMatchObject({ isBase64Encoded: true });
    expect(await encoded('')).toMatchObject({ isBase64Encoded: false, body: 'text' });
  });

  it.each([
    ['image/png', true],
    ['font/woff2', true],
    ['application/msword', true],
    ['application/epub+zip', true],
    ['application/vnd.oasis.opendocument.text', true],
    ['image/svg+xml; charset=UTF-8', false],
    ['text/css', false],
    ['text/javascript', false],
    ['application/ld+json', false],
    ['application/json; charset=UTF-8', false],
  ])('content type %s is binary: %s', (type, binary) => {
    expect(defaultIsBinary(type)).toBe(binary);
  });
});
