import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_COOKIES } from '../../test-fixtures/adapter/app.ts';
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { gzipBytes, pngBytes } from '../../test-fixtures/adapter/payloads.ts';
import { InvalidOptionError } from '../errors.ts';
import type { ResultV1, ResultV2 } from '../events/types.ts';
import { streamHandle } from '../stream/stream-handle.ts';
import { handle } from './handle.ts';
import { MAX_RESULT_BYTES } from './result-size.ts';

const handler = handle(createTestApp());
const v2 = (rawPath: string) => httpApiEvent({ rawPath });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('handle: result shape per source', () => {
  it('HTTP API v2 and Function URL (BUFFERED): headers, cookies[], text body', async () => {
    for (const event of [
      httpApiEvent({ rawPath: '/cookies' }),
      functionUrlEvent({ rawPath: '/cookies' }),
    ]) {
      expect(await handler(event, lambdaContext())).toEqual({
        statusCode: 200,
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        cookies: TEST_COOKIES,
        body: 'three cookies',
        isBase64Encoded: false,
      });
    }
  });

  it('REST v1: multiValueHeaders with every cookie', async () => {
    const result = (await handler(restEvent({ path: '/cookies' }), lambdaContext())) as ResultV1;
    expect(result.multiValueHeaders?.['set-cookie']).toHaveLength(3);
    expect(result.multiValueHeaders?.['content-type']).toEqual(['text/plain; charset=UTF-8']);
    expect(result).toMatchObject({
      statusCode: 200,
      body: 'three cookies',
      isBase64Encoded: false,
    });
    expect(result.headers).toBeUndefined();
  });

  it('ALB single-value: headers, one cookie, statusDescription', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const result = await handler(albEvent({ path: '/cookies' }), lambdaContext());
    expect(result).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'set-cookie': 'a=1; Path=/; HttpOnly',
      },
      body: 'three cookies',
      isBase64Encoded: false,
    });
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('dropped 2'));
  });

  it('ALB multi-value: every cookie', async () => {
    const result = (await handler(
      albMultiValueEvent({ path: '/cookies' }),
      lambdaContext(),
    )) as ResultV1;
    expect(result.multiValueHeaders?.['set-cookie']).toHaveLength(3);
  });

  it('redirect and empty 204', async () => {
    expect(await handler(v2('/redirect'))).toMatchObject({
      statusCode: 302,
      headers: { location: '/text' },
      body: '',
    });
    expect(await handler(v2('/empty'))).toEqual({
      statusCode: 204,
      headers: {},
      body: '',
      isBase64Encoded: false,
    });
  });
});

describe('handle: isBase64Encoded', () => {
  it('base64 for binary types, byte for byte', async () => {
    const result = (await handler(v2('/png'))) as ResultV2;
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64')).toEqual(pngBytes());
  });

  it('base64 for any Content-Encoding, which is kept', async () => {
    const result = (await handler(v2('/gzip'))) as ResultV2;
    expect(result.isBase64Encoded).toBe(true);
    expect(result.headers['content-encoding']).toBe('gzip');
    expect(Buffer.from(result.body, 'base64')).toEqual(gzipBytes());
  });

  it('text for a text body whose Content-Encoding is empty (no coding applied)', async () => {
    const empty = handle(
      () =>
        new Response('plain ✓', {
          headers: { 'content-type': 'text/plain', 'content-encoding': '' },
        }),
    );
    expect(await empty(v2('/'))).toMatchObject({ isBase64Encoded: false, body: 'plain ✓' });
  });

  it('text for JSON, base64 for a text type whose bytes are not UTF-8', async () => {
    const json = (await handler(v2('/json'))) as ResultV2;
    expect(json).toMatchObject({
      isBase64Encoded: false,
      body: '{"ok":true,"n":42,"s":"ünïcødé ✓"}',
    });
    const latin1 = handle(
      () =>
        new Response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), {
          headers: { 'content-type': 'text/plain' },
        }),
    );
    const result = (await latin1(v2('/'))) as ResultV2;
    expect(result).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString('base64'),
    });
  });

  it('asks isBinary(contentType) when given', async () => {
    const custom = handle(createTestApp(), {
      isBinary: (type) => type.startsWith('application/json'),
    });
    expect(await custom(v2('/json'))).toMatchObject({ isBase64Encoded: true });
    expect(await custom(v2('/text'))).toMatchObject({
      isBase64Encoded: false,
      body: 'hello from sluice',
    });
  });
});

describe('handle: originSecret', () => {
  it('answers 403 JSON on a wrong secret and hides the right one from the app', async () => {
    const guarded = handle(createTestApp(), {
      originSecret: { header: 'X-Test-Secret', value: 'k' },
    });
    const denied = (await guarded(
      httpApiEvent({ rawPath: '/echo', headers: { 'x-test-secret': 'nope' } }),
    )) as ResultV2;
    expect(denied.statusCode).toBe(403);
    expect(JSON.parse(denied.body).error.code).toBe('FORBIDDEN_ORIGIN');
    const allowed = (await guarded(
      httpApiEvent({ rawPath: '/echo', headers: { 'x-test-secret': 'k', 'x-test-a': '1' } }),
    )) as ResultV2;
    expect(allowed.statusCode).toBe(200);
    expect(JSON.parse(allowed.body).headers).toEqual([['x-test-a', '1']]);
  });
});

describe('handle / streamHandle: invalid setup', () => {
  it('throws InvalidOptionError at once, not on the first invoke', () => {
    const noApp = {} as unknown as Parameters<typeof handle>[0];
    for (const factory of [handle, streamHandle]) {
      expect(() => factory(noApp)).toThrow(InvalidOptionError);
      expect(() =>
        factory(createTestApp(), { originSecret: { header: 'x-s', value: '' } }),
      ).toThrow(
        expect.objectContaining({
          code: 'INVALID_OPTION',
          message: expect.stringMatching(/originSecret/),
        }),
      );
    }
  });
});

describe('handle: errors and the 6 MB guard', () => {
  it('500 JSON from the app error path', async () => {
    const result = (await handler(v2('/throw'))) as ResultV2;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({
      error: { code: 'APP_ERROR', message: 'thrown before the response' },
    });
  });

  it('refuses a result one byte over the limit, with size, limit and both fixes', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const limit = 2000;
    const envelope = JSON.stringify({
      statusCode: 200,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: '',
      isBase64Encoded: false,
    }).length;
    const exact = handle(() => new Response('x'.repeat(limit - envelope)), {
      maxResultBytes: limit,
    });
    const fits = (await exact(v2('/'))) as ResultV2;
    expect(fits.statusCode).toBe(200);
    expect(JSON.stringify(fits).length).toBe(limit);

    const over = handle(() => new Response('x'.repeat(limit - envelope + 1)), {
      maxResultBytes: limit,
    });
    const result = (await over(v2('/'))) as ResultV2;
    expect(result.statusCode).toBe(500);
    const { error } = JSON.parse(result.body);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', size: limit + 1, limit });
    expect(error.message).toMatch(/streamHandle/);
    expect(error.message).toMatch(/s3Overflow\(.*@sluice\/adapter-lambda\/s3/);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining(`${limit + 1} bytes`));
  });

  it('counts the base64 growth: 5 MiB of binary is over 6 MiB once encoded', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const big = handle(
      () =>
        new Response(new Uint8Array(5 * 1024 * 1024), {
          headers: { 'content-type': 'application/octet-stream' },
        }),
    );
    const result = (await big(v2('/'))) as ResultV2;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body).error.size).toBeGreaterThan(MAX_RESULT_BYTES);
  });

  it('stops buffering past the limit and still reports the full size', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const big = handle(createTestApp(), { maxResultBytes: 256 * 1024 });
    const result = (await big(
      httpApiEvent({ rawPath: '/big', rawQueryString: 'mb=1' }),
    )) as ResultV2;
    expect(JSON.parse(result.body).error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      size: 1024 * 1024,
    });
  });
});
