// Issue 14, items 4-9 (fixed in adapter-lambda) under the real aws-lambda-ric: the Request an
// app sees is built only from what AWS vouches for. Through the dev server where its front door
// can produce the case; through a raw Runtime API (test/raw-event-runtime.ts) with events its
// front door never builds. Covered here:
// - 4: a content-length that lies (raw, streamHandle and handle); through the dev server a
//   real 10,000-byte POST is refused by bodyLimit (streamHandle);
// - 5: a client-chosen x-forwarded-proto (raw, streamHandle; dev server sets its own) and an
//   ALB Host that is not host[:port] (raw, handle);
// - 6: a REST header only in `headers` (raw, streamHandle);
// - 7: invalid base64 and wrong-typed fields (raw, streamHandle and handle);
// - 8: an empty Content-Encoding on a text body (raw, handle);
// - 9: the origin secret stays out of request.headers and env.event, and a missing or empty
//   header is refused (dev server, Function URL and REST). A blank configured secret and an
//   invalid header name, refused when the handler is created, are covered only by
//   adapter-lambda's unit tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BundledHandler,
  bundleHandler,
} from '../../../adapter-lambda/test-fixtures/adapter/bundle.ts';
import {
  albEvent,
  functionUrlEvent,
  restEvent,
} from '../../../adapter-lambda/test-fixtures/adapter/events.ts';
import { fetchRaw, type Harness, startHarness } from '../harness.ts';
import { type RawEventRuntime, startRawEventRuntime } from '../raw-event-runtime.ts';
import { eventually } from '../support.ts';

const SECRET = { header: 'x-origin-secret', value: 'let-me-in' };
let bundle: BundledHandler;
let url: Harness;
let rest: Harness;
let streamed: RawEventRuntime;
let buffered: RawEventRuntime;

beforeAll(async () => {
  bundle = await bundleHandler(`
    import { Hono } from 'hono';
    import { bodyLimit } from 'hono/body-limit';
    import { handle, streamHandle } from '@sluice/adapter-lambda';
    const app = new Hono();
    app.post(
      '/limited',
      bodyLimit({ maxSize: 1024, onError: (c) => c.text('too large', 413) }),
      async (c) => c.text('accepted ' + (await c.req.arrayBuffer()).byteLength),
    );
    app.all('/seen', async (c) => {
      console.log('app ran for ' + c.req.url);
      return c.json({
        url: c.req.url,
        headers: [...c.req.raw.headers],
        body: Buffer.from(await c.req.arrayBuffer()).toString('base64'),
      });
    });
    app.get('/empty-encoding', (c) => c.text('plain text', 200, { 'content-encoding': '' }));
    app.get('/raw-event', (c) => c.json({
      headers: c.env.event.headers ?? null,
      multiValueHeaders: c.env.event.multiValueHeaders ?? null,
      seen: c.req.header('${SECRET.header}') ?? null,
    }));
    export const handler = streamHandle(app);
    export const buffered = handle(app);
    export const guarded = streamHandle(app, { originSecret: ${JSON.stringify(SECRET)} });
  `);
  [url, rest, streamed, buffered] = await Promise.all([
    startHarness({ handler: bundle.file, export: 'guarded', timeoutSec: 20 }),
    startHarness({ handler: bundle.file, export: 'guarded', mode: 'rest', timeoutSec: 20 }),
    startRawEventRuntime(bundle.file, 'handler'),
    startRawEventRuntime(bundle.file, 'buffered'),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([url?.close(), rest?.close(), streamed?.close(), buffered?.close()]);
  await bundle?.remove();
});

const json = (body: Buffer) => JSON.parse(body.toString());
const TEN_KB = 'a'.repeat(10_000);

describe('item 4: content-length comes from the decoded body', () => {
  it('a 10,000-byte body declared as content-length: 1 -> 413 from bodyLimit(1024)', async () => {
    for (const runtime of [streamed, buffered]) {
      const event = functionUrlEvent({
        method: 'POST',
        rawPath: '/limited',
        headers: {
          host: 'abcdefg.lambda-url.us-east-1.on.aws',
          'x-forwarded-proto': 'https',
          'content-type': 'text/plain',
          'content-length': '1',
        },
        body: TEN_KB,
      });
      const response = await runtime.invoke(event);
      expect(response.status).toBe(413);
      expect(response.body.toString()).toBe('too large');
    }
  });

  it('through the dev server: a 10,000-byte POST -> 413, a 1,000-byte one passes', async () => {
    const headers = { [SECRET.header]: SECRET.value, 'content-type': 'text/plain' };
    const big = await fetchRaw(`${url.server.url}/limited`, {
      method: 'POST',
      headers,
      body: TEN_KB,
    });
    expect(big.status).toBe(413);
    const small = await fetchRaw(`${url.server.url}/limited`, {
      method: 'POST',
      headers,
      body: 'a'.repeat(1000),
    });
    expect(small.body.toString()).toBe('accepted 1000');
  });
});

describe('item 5: x-forwarded-proto is http or https, else 400 before the app', () => {
  it.each(['https://evil.example/#', 'javascript', 'http://evil.example:80/admin?'])(
    'x-forwarded-proto %j',
    async (proto) => {
      const event = functionUrlEvent({
        rawPath: '/seen',
        headers: { host: 'abcdefg.lambda-url.us-east-1.on.aws', 'x-forwarded-proto': proto },
      });
      const before = streamed.output.length;
      const response = await streamed.invoke(event);
      expect(response.status).toBe(400);
      expect(json(response.body).error.code).toBe('BAD_REQUEST');
      // ric prints the typed error over several lines: its message, then `code: 'INVALID_EVENT'`.
      const printed = () => streamed.output.slice(before).join('\n');
      await eventually(() => printed().includes('INVALID_EVENT'), 'the INVALID_EVENT log line');
      expect(printed()).toMatch(/Invalid event: headers\.x-forwarded-proto must be http or https/);
      expect(streamed.output.slice(before).some((line) => line.includes('app ran'))).toBe(false);
    },
  );

  it('the dev server sets its own: a client-sent x-forwarded-proto never reaches the app', async () => {
    const seen = await fetchRaw(`${url.server.url}/seen`, {
      headers: { [SECRET.header]: SECRET.value, 'x-forwarded-proto': 'https://evil.example/#' },
    });
    expect(seen.status).toBe(200);
    const { url: appUrl } = json(seen.body);
    expect(new URL(appUrl).origin).toBe(url.server.url);
  });
});

describe('item 5 on ALB: the Host header must be host[:port], else 400 before the app', () => {
  it('Host: alb.example.com/admin? (handle)', async () => {
    const event = albEvent({
      path: '/seen',
      headers: { host: 'alb.example.com/admin?', 'x-forwarded-proto': 'https' },
    });
    const before = buffered.output.length;
    const response = await buffered.invoke(event);
    expect(response.status).toBe(400);
    expect(json(response.body).error.code).toBe('BAD_REQUEST');
    const printed = () => buffered.output.slice(before).join('\n');
    await eventually(() => printed().includes('INVALID_EVENT'), 'the INVALID_EVENT log line');
    expect(printed()).toMatch(/Invalid event: headers\.host must be host\[:port\]/);
    expect(printed()).not.toContain('app ran');
  });

  it('a valid ALB Host still reaches the app as the URL authority', async () => {
    const event = albEvent({ path: '/seen' });
    const response = await buffered.invoke(event);
    expect(response.status).toBe(200);
    expect(new URL(json(response.body).url).host).toBe('alb.example.com');
  });
});

describe('item 6: REST headers reach the app from both maps, each value once', () => {
  it('a header only in `headers` (multiValueHeaders present, even empty)', async () => {
    for (const multiValueHeaders of [
      {},
      { Host: ['r2d2c3po.execute-api.us-east-1.amazonaws.com'] },
    ]) {
      const event = restEvent({
        path: '/seen',
        headers: { Host: 'r2d2c3po.execute-api.us-east-1.amazonaws.com', 'X-Only-Single': 'one' },
        multiValueHeaders,
      });
      const response = await streamed.invoke(event);
      expect(response.status).toBe(200);
      const headers = new Map(json(response.body).headers as Array<[string, string]>);
      expect(headers.get('x-only-single')).toBe('one');
      expect(headers.get('host')).toBe('r2d2c3po.execute-api.us-east-1.amazonaws.com');
    }
  });
});

describe('item 7: unreadable events are a clean 400, logged as INVALID_EVENT', () => {
  const cases: Array<[string, unknown]> = [
    [
      'invalid base64 in an isBase64Encoded body',
      functionUrlEvent({
        method: 'POST',
        rawPath: '/seen',
        body: 'not*base64!',
        isBase64Encoded: true,
      }),
    ],
    [
      'a numeric requestContext.domainName',
      (() => {
        const event = functionUrlEvent({ rawPath: '/seen' });
        (event.requestContext as { domainName: unknown }).domainName = 42;
        return event;
      })(),
    ],
    ['a numeric rawPath', { ...functionUrlEvent(), rawPath: 7 }],
    ['headers as a string', { ...functionUrlEvent({ rawPath: '/seen' }), headers: 'host: x' }],
  ];

  it.each(cases)('%s (streamHandle and handle)', async (_, event) => {
    for (const runtime of [streamed, buffered]) {
      const before = runtime.output.length;
      const response = await runtime.invoke(event);
      expect(response.status).toBe(400);
      expect(json(response.body).error.code).toBe('BAD_REQUEST');
      await eventually(
        () => runtime.output.slice(before).some((line) => line.includes('INVALID_EVENT')),
        'the INVALID_EVENT log line',
      );
      expect(runtime.output.slice(before).some((line) => line.includes('app ran'))).toBe(false);
    }
  });
});

describe('item 8: buffered handle() keeps a text body as text under an empty Content-Encoding', () => {
  it('Content-Encoding: "" -> isBase64Encoded false, body as sent', async () => {
    const event = functionUrlEvent({ rawPath: '/empty-encoding' });
    const response = await buffered.invoke(event);
    expect(response.status).toBe(200);
    expect(response.isBase64Encoded).toBe(false);
    expect(response.body.toString()).toBe('plain text');
  });
});

describe('item 9: the origin secret never reaches the app', () => {
  it.each([
    ['Function URL', () => url],
    ['REST', () => rest],
  ])('%s: not in request.headers, not in env.event', async (_, harness) => {
    const { server } = harness();
    const allowed = await fetchRaw(`${server.url}/raw-event`, {
      headers: { [SECRET.header]: SECRET.value },
    });
    expect(allowed.status).toBe(200);
    const seen = json(allowed.body);
    expect(seen.seen).toBeNull();
    const names = [
      ...Object.keys(seen.headers ?? {}),
      ...Object.keys(seen.multiValueHeaders ?? {}),
    ].map((name) => name.toLowerCase());
    expect(names).not.toContain(SECRET.header);
    expect(names).toContain('host'); // the rest of the event is still there
    expect(allowed.body.toString()).not.toContain(SECRET.value);

    const denied = await fetchRaw(`${server.url}/raw-event`);
    expect(denied.status).toBe(403);
    const wrong = await fetchRaw(`${server.url}/raw-event`, { headers: { [SECRET.header]: '' } });
    expect(wrong.status).toBe(403);
  });
});
