import { describe, expect, it } from 'vitest';
import { functionUrlEvent, httpApiEvent } from '../../test-fixtures/adapter/events.ts';
import { functionUrlSource } from './function-url.ts';

/** A request's signal source, as the invocation provides one. */
const SIGNALS = { signal: new AbortController().signal };

describe('Function URL / HTTP API events (payload 2.0)', () => {
  it('keeps the raw path and the query exactly as sent, repeated keys included', () => {
    const event = functionUrlEvent({
      rawPath: '/a%20b/c',
      rawQueryString: 'q=%E6%97%A5&x=1&x=2&flag',
    });
    expect(functionUrlSource.matches(event)).toBe(true);
    const request = functionUrlSource.toRequest(event, SIGNALS);
    expect(request.url).toBe(
      'https://abcdefg.lambda-url.us-east-1.on.aws/a%20b/c?q=%E6%97%A5&x=1&x=2&flag',
    );
    expect(new URL(request.url).searchParams.getAll('x')).toEqual(['1', '2']);
    expect(request.method).toBe('GET');
    expect(request).toBeInstanceOf(Request);
    expect(request.signal).toBe(SIGNALS.signal);
  });

  it('joins cookies[] into one Cookie header with "; "', () => {
    const event = functionUrlEvent({ cookies: ['a=1', 'b=2', 'c=3'] });
    expect(functionUrlSource.toRequest(event, SIGNALS).headers.get('cookie')).toBe('a=1; b=2; c=3');
  });

  it('passes header values above U+00FF as their UTF-8 bytes instead of crashing', () => {
    const event = functionUrlEvent({
      headers: { host: 'h', 'x-latin': 'café', 'x-cjk': '日本', 'x-bad': 'a\nb' },
    });
    const headers = functionUrlSource.toRequest(event, SIGNALS).headers;
    expect(headers.get('x-latin')).toBe('café');
    expect(Buffer.from(headers.get('x-cjk')!, 'latin1').toString('utf8')).toBe('日本');
    expect(headers.has('x-bad')).toBe(false);
  });

  it('decodes base64 bodies and keeps text bodies byte for byte', async () => {
    const bytes = Buffer.from([0, 255, 1, 128]);
    const binary = functionUrlEvent({
      method: 'POST',
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    });
    const got = Buffer.from(await functionUrlSource.toRequest(binary, SIGNALS).arrayBuffer());
    expect(got).toEqual(bytes);
    const text = functionUrlEvent({ method: 'PUT', body: 'héllo ✓', isBase64Encoded: false });
    expect(await functionUrlSource.toRequest(text, SIGNALS).text()).toBe('héllo ✓');
  });

  it('ignores a body on GET', () => {
    const event = functionUrlEvent({ body: 'x' });
    expect(functionUrlSource.toRequest(event, SIGNALS).body).toBeNull();
  });

  it('streams from Function URLs but refuses HTTP API', () => {
    expect(functionUrlSource.cannotStream(functionUrlEvent())).toBeUndefined();
    expect(functionUrlSource.cannotStream(httpApiEvent())).toBe('HTTP API');
  });

  it('answers with headers, cookies[] and the body', () => {
    const result = functionUrlSource.toResult(functionUrlEvent(), {
      status: 201,
      headers: { 'content-type': 'text/plain', vary: 'a, b' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: 'hi',
      isBase64Encoded: false,
    });
    expect(result).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', vary: 'a, b' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: 'hi',
      isBase64Encoded: false,
    });
  });
});
