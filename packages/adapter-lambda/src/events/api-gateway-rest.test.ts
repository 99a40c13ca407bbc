import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-fixtures/adapter/app.ts';
import { httpApiV1Event, lambdaContext, restEvent } from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import { streamHandle } from '../stream/stream-handle.ts';
import { apiGatewayRestSource } from './api-gateway-rest.ts';
import type { ResultV1 } from './types.ts';

/** A request's signal source, as the invocation provides one. */
const SIGNALS = { signal: new AbortController().signal };

describe('API Gateway REST events (v1)', () => {
  it('rebuilds the query from decoded multi-value parameters, repeated keys kept', () => {
    const event = restEvent({
      path: '/items/42',
      queryStringParameters: { q: 'a b&c', x: '2' },
      multiValueQueryStringParameters: { q: ['a b&c'], x: ['1', '2'], ü: ['日'] },
    });
    expect(apiGatewayRestSource.matches(event)).toBe(true);
    const url = new URL(apiGatewayRestSource.toRequest(event, SIGNALS).url);
    expect(url.host).toBe('r2d2c3po.execute-api.us-east-1.amazonaws.com');
    expect(url.pathname).toBe('/items/42');
    expect(url.searchParams.get('q')).toBe('a b&c');
    expect(url.searchParams.getAll('x')).toEqual(['1', '2']);
    expect(url.searchParams.get('ü')).toBe('日');
  });

  it('falls back to single-value parameters', () => {
    const event = restEvent({
      queryStringParameters: { a: '1' },
      multiValueQueryStringParameters: null,
    });
    expect(apiGatewayRestSource.toRequest(event, SIGNALS).url).toMatch(/\?a=1$/);
  });

  it('prefers multi-value headers; several Cookie headers become one joined with "; "', () => {
    const event = restEvent({
      headers: { Accept: 'text/html', Cookie: 'b=2' },
      multiValueHeaders: { Accept: ['text/html', 'application/json'], Cookie: ['a=1', 'b=2'] },
    });
    const headers = apiGatewayRestSource.toRequest(event, SIGNALS).headers;
    expect(headers.get('accept')).toBe('text/html, application/json');
    expect(headers.get('cookie')).toBe('a=1; b=2');
  });

  it('merges headers and multiValueHeaders: a header in either reaches the app, once', () => {
    const event = restEvent({
      headers: {
        Host: 'r2d2c3po.execute-api.us-east-1.amazonaws.com',
        'X-Only-Single': 's',
        Accept: 'b',
      },
      multiValueHeaders: {
        host: ['r2d2c3po.execute-api.us-east-1.amazonaws.com'],
        accept: ['a', 'b'],
        'x-only-multi': ['m'],
      },
    });
    const headers = apiGatewayRestSource.toRequest(event, SIGNALS).headers;
    expect([...headers]).toEqual([
      ['accept', 'a, b'],
      ['host', 'r2d2c3po.execute-api.us-east-1.amazonaws.com'],
      ['x-only-multi', 'm'],
      ['x-only-single', 's'],
    ]);
  });

  it('reads headers when multiValueHeaders is empty, and through both handlers', async () => {
    const event = restEvent({
      path: '/echo',
      headers: { 'X-Test-Only-Single': 'kept', Cookie: 'a=1; b=2' },
      multiValueHeaders: {},
    });
    expect(apiGatewayRestSource.toRequest(event, SIGNALS).headers.get('x-test-only-single')).toBe(
      'kept',
    );
    const expected = [
      ['cookie', 'a=1; b=2'],
      ['x-test-only-single', 'kept'],
    ];
    const buffered = (await handle(createTestApp())(event)) as ResultV1;
    expect(JSON.parse(buffered.body).headers).toEqual(expected);
    const sink = capturingSink();
    await streamHandle(createTestApp())(event, sink, lambdaContext());
    expect(JSON.parse(parseStreamed(sink.bytes()).body.toString()).headers).toEqual(expected);
  });

  it('decodes a base64 body', async () => {
    const event = restEvent({
      httpMethod: 'POST',
      body: Buffer.from('\x00\x01').toString('base64'),
      isBase64Encoded: true,
    });
    const request = apiGatewayRestSource.toRequest(event, SIGNALS);
    expect(request.method).toBe('POST');
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(new Uint8Array([0, 1]));
  });

  it('streams REST but refuses HTTP API payload 1.0', () => {
    expect(apiGatewayRestSource.cannotStream(restEvent())).toBeUndefined();
    expect(apiGatewayRestSource.cannotStream(httpApiV1Event())).toBe('HTTP API (payload 1.0)');
  });

  it('answers with multiValueHeaders, every cookie apart', () => {
    const result = apiGatewayRestSource.toResult(restEvent(), {
      status: 200,
      headers: { 'content-type': 'image/png', vary: 'a, b' },
      cookies: ['a=1', 'b=2', 'c=3'],
      body: 'AAE=',
      isBase64Encoded: true,
    });
    expect(result).toEqual({
      statusCode: 200,
      multiValueHeaders: {
        'content-type': ['image/png'],
        vary: ['a, b'],
        'set-cookie': ['a=1', 'b=2', 'c=3'],
      },
      body: 'AAE=',
      isBase64Encoded: true,
    });
  });
});
