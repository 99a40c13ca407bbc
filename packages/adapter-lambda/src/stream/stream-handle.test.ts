import { readSSE, SSEServerError } from '@sluice/core';
import { describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_COOKIES } from '../../test-fixtures/adapter/app.ts';
import {
  albEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { gzipBytes, pngBytes } from '../../test-fixtures/adapter/payloads.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { DeadlineError, ResponseStreamClosedError, StreamingUnsupportedError } from '../errors.ts';
import { HANDLER_STREAMING, PRELUDE_CONTENT_TYPE } from '../runtime/protocol.ts';
import { streamHandle } from './stream-handle.ts';

const app = createTestApp();
const handler = streamHandle(app);
const NUL8 = '\0'.repeat(8);

async function invoke(
  path: string,
  h = handler,
  event: unknown = functionUrlEvent({ rawPath: path }),
) {
  const sink = capturingSink();
  await h(event, sink, lambdaContext());
  return { sink, ...parseStreamed(sink.bytes()) };
}

describe('streamHandle', () => {
  it('is tagged for streaming and writes prelude JSON + 8 NULs + the exact body', async () => {
    expect((handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING]).toBe('response');
    const { sink } = await invoke('/text');
    expect(sink.contentType).toBe(PRELUDE_CONTENT_TYPE);
    expect(sink.writableFinished).toBe(true);
    const prelude = {
      statusCode: 200,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      cookies: [],
    };
    expect(sink.bytes().toString('latin1')).toBe(
      `${JSON.stringify(prelude)}${NUL8}hello from sluice`,
    );
  });

  it('puts every Set-Cookie in cookies[] and none in headers', async () => {
    const { prelude } = await invoke('/cookies');
    expect(prelude).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
      cookies: TEST_COOKIES,
    });
  });

  it('drops Content-Length, Transfer-Encoding, Connection and Keep-Alive', async () => {
    const h = streamHandle(
      () =>
        new Response('abc', {
          headers: {
            'content-length': '3',
            'transfer-encoding': 'chunked',
            connection: 'close',
            'keep-alive': 'timeout=5',
            vary: 'a',
          },
        }),
    );
    const { prelude, body } = await invoke('/', h);
    expect(prelude).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain;charset=UTF-8', vary: 'a' },
      cookies: [],
    });
    expect(body.toString()).toBe('abc');
  });

  it('sends the prelude of an empty 204 and a redirect', async () => {
    const empty = await invoke('/empty');
    expect(empty.prelude).toEqual({ statusCode: 204, headers: {}, cookies: [] });
    expect(empty.body.length).toBe(0);
    expect(empty.sink.writableFinished).toBe(true);
    const redirect = await invoke('/redirect');
    expect(redirect.prelude).toMatchObject({ statusCode: 302, headers: { location: '/text' } });
  });

  it('passes binary and precompressed bodies through byte for byte', async () => {
    const png = await invoke('/png');
    expect(png.body).toEqual(pngBytes());
    const gz = await invoke('/gzip');
    expect(gz.prelude).toMatchObject({ headers: { 'content-encoding': 'gzip' } });
    expect(gz.body).toEqual(gzipBytes());
  });

  it('streams REST (v1) events too', async () => {
    const { prelude, body } = await invoke('/json', handler, restEvent({ path: '/json' }));
    expect(prelude).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(body.toString())).toEqual({ ok: true, n: 42, s: 'ünïcødé ✓' });
  });

  it('passes event and context to the app as its env', async () => {
    const { body } = await invoke('/env');
    expect(JSON.parse(body.toString())).toEqual({ path: '/env', requestId: 'req-1' });
  });

  it('refuses HTTP API and ALB events with an error that names handle()', async () => {
    for (const event of [httpApiEvent(), albEvent()]) {
      const sink = capturingSink();
      const failure = handler(event, sink, lambdaContext());
      await expect(failure).rejects.toBeInstanceOf(StreamingUnsupportedError);
      await expect(failure).rejects.toThrow(/handle\(app\)/);
      expect(sink.total).toBe(0);
    }
  });

  it('waits for drain: never writes while the sink is over its high-water mark', async () => {
    const sink = capturingSink({ highWaterMark: 16 * 1024, delayMs: 1, keep: false });
    await handler(
      functionUrlEvent({ rawPath: '/big', rawQueryString: 'mb=2' }),
      sink,
      lambdaContext(),
    );
    expect(sink.total).toBeGreaterThan(2 * 1024 * 1024);
    // A writer that ignored write() === false would queue most of the 2 MiB here.
    expect(sink.peakBuffered()).toBeLessThanOrEqual(16 * 1024 + 64 * 1024);
  });
});

describe('streamHandle errors', () => {
  it('answers 500 JSON when the app throws before responding', async () => {
    const h = streamHandle(() => {
      throw new Error('secret detail');
    });
    const { prelude, body } = await invoke('/', h);
    expect(prelude).toEqual({
      statusCode: 500,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      cookies: [],
    });
    expect(JSON.parse(body.toString())).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal Server Error' },
    });
  });

  it("uses the app's own error path when it has one (Hono onError)", async () => {
    const { prelude, body } = await invoke('/throw');
    expect(prelude).toMatchObject({ statusCode: 500 });
    expect(JSON.parse(body.toString())).toEqual({
      error: { code: 'APP_ERROR', message: 'thrown before the response' },
    });
  });

  it('answers 500 JSON when the body fails before its first byte', async () => {
    const h = streamHandle(
      () => new Response(new ReadableStream({ pull: (c) => c.error(new Error('early')) })),
    );
    const { prelude } = await invoke('/', h);
    expect(prelude).toMatchObject({ statusCode: 500 });
  });

  it('rejects with the body error after the first byte, without ending the stream or appending text', async () => {
    const sink = capturingSink();
    const failure = handler(functionUrlEvent({ rawPath: '/throw-mid' }), sink, lambdaContext());
    await expect(failure).rejects.toThrow('body failed mid-stream');
    const { prelude, body } = parseStreamed(sink.bytes());
    expect(prelude).toMatchObject({ statusCode: 200 });
    expect(body.toString()).toBe('part 1\npart 2\n');
    expect(sink.writableEnded).toBe(false);
  });
});

describe('streamHandle request.signal', () => {
  it('aborts when the response stream closes, and cancels the body', async () => {
    let seen: AbortSignal | undefined;
    let cancelled: unknown;
    const h = streamHandle((request) => {
      seen = request.signal;
      return new Response(
        new ReadableStream({
          pull: (c) => c.enqueue(new Uint8Array(1024)),
          cancel: (reason) => {
            cancelled = reason;
          },
        }),
      );
    });
    const sink = capturingSink({ delayMs: 1, keep: false });
    const done = h(functionUrlEvent(), sink, lambdaContext());
    while (sink.total < 10_000) await new Promise((resolve) => setTimeout(resolve, 1));
    sink.destroy();
    await done;
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(ResponseStreamClosedError);
    expect(cancelled).toBeInstanceOf(ResponseStreamClosedError);
  });

  it('aborts at the deadline minus the margin, so the app can still end its stream', async () => {
    const h = streamHandle(createTestApp(), { abortMarginMs: 100 });
    const sink = capturingSink();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await h(
      functionUrlEvent({ rawPath: '/sse', rawQueryString: 'forever' }),
      sink,
      lambdaContext(400),
    );
    const { prelude, body } = parseStreamed(sink.bytes());
    const headers = (prelude as { headers: Record<string, string> }).headers;
    const failure = drain(readSSE(new Response(new Uint8Array(body), { headers })));
    await expect(failure).rejects.toBeInstanceOf(SSEServerError);
    await expect(failure).rejects.toMatchObject({ status: 'aborted' });
    expect(sink.writableFinished).toBe(true);
    // The producer sees why: the deadline, not a client or stream failure.
    await vi.waitFor(
      () =>
        expect(log).toHaveBeenCalledWith(
          expect.stringMatching(/sse-done .*"aborted":true,"reason":"DEADLINE"/),
        ),
      { timeout: 5000 },
    );
    log.mockRestore();
  });

  it('does not abort a request that finished', async () => {
    let seen: AbortSignal | undefined;
    const h = streamHandle((request) => {
      seen = request.signal;
      return new Response('ok');
    });
    await invoke('/', h);
    expect(seen?.aborted).toBe(false);
    expect(DeadlineError).toBeDefined();
  });
});

describe('streamHandle originSecret', () => {
  const h = streamHandle(createTestApp(), {
    originSecret: { header: 'x-test-origin-secret', value: 's3cr3t' },
  });

  it('answers 403 JSON without the header or with a wrong value', async () => {
    for (const headers of [{ host: 'h' }, { host: 'h', 'x-test-origin-secret': 's3cr3' }]) {
      const { prelude, body } = await invoke(
        '/echo',
        h,
        functionUrlEvent({ rawPath: '/echo', headers }),
      );
      expect(prelude).toMatchObject({ statusCode: 403 });
      expect(JSON.parse(body.toString()).error.code).toBe('FORBIDDEN_ORIGIN');
    }
  });

  it('lets the right value through and hides the header from the app', async () => {
    const event = functionUrlEvent({
      rawPath: '/echo',
      headers: { host: 'h', 'x-test-origin-secret': 's3cr3t', 'x-test-other': '1' },
    });
    const { prelude, body } = await invoke('/echo', h, event);
    expect(prelude).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(body.toString()).headers).toEqual([['x-test-other', '1']]);
  });
});

async function drain(messages: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of messages) count++;
  return count;
}
