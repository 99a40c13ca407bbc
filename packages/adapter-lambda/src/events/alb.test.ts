import { describe, expect, it } from 'vitest';
import { albEvent, albMultiValueEvent } from '../../test-fixtures/adapter/events.ts';
import { albSource } from './alb.ts';

/** A request's signal source, as the invocation provides one. */
const SIGNALS = { signal: new AbortController().signal };

const response = {
  status: 404,
  headers: { 'content-type': 'text/plain', vary: 'a, b' },
  cookies: ['a=1', 'b=2'],
  body: 'nope',
  isBase64Encoded: false,
};

describe('ALB events', () => {
  it('keeps query parameters as sent (ALB does not decode them)', () => {
    const event = albEvent({ path: '/p', queryStringParameters: { q: '%E6%97%A5', x: 'a+b' } });
    expect(albSource.matches(event)).toBe(true);
    expect(albSource.toRequest(event, SIGNALS).url).toBe(
      'https://alb.example.com/p?q=%E6%97%A5&x=a+b',
    );
  });

  it('reads multi-value headers and repeated query keys', () => {
    const event = albMultiValueEvent({
      multiValueHeaders: { host: ['alb.example.com'], 'x-a': ['1', '2'], cookie: ['a=1', 'b=2'] },
      multiValueQueryStringParameters: { x: ['1', '2'] },
    });
    const request = albSource.toRequest(event, SIGNALS);
    expect(new URL(request.url).searchParams.getAll('x')).toEqual(['1', '2']);
    expect(request.headers.get('x-a')).toBe('1, 2');
    expect(request.headers.get('cookie')).toBe('a=1; b=2');
  });

  it('never streams', () => {
    expect(albSource.cannotStream(albEvent())).toBe('ALB');
  });

  it('answers single-value events with headers and a status description', () => {
    const result = albSource.toResult(albEvent(), { ...response, cookies: ['a=1'] });
    expect(result).toEqual({
      statusCode: 404,
      statusDescription: '404 Not Found',
      headers: { 'content-type': 'text/plain', vary: 'a, b', 'set-cookie': 'a=1' },
      body: 'nope',
      isBase64Encoded: false,
    });
  });

  it('answers multi-value events with values joined by ", " and every cookie', () => {
    const result = albSource.toResult(albMultiValueEvent(), response);
    expect(result).toEqual({
      statusCode: 404,
      statusDescription: '404 Not Found',
      multiValueHeaders: {
        'content-type': ['text/plain'],
        vary: ['a, b'],
        'set-cookie': ['a=1', 'b=2'],
      },
      body: 'nope',
      isBase64Encoded: false,
    });
  });

  it('describes any status the way node:http names it, or by its number alone', () => {
    const text = (status: number) =>
      (albSource.toResult(albEvent(), { ...response, status }) as { statusDescription: string })
        .statusDescription;
    expect(text(200)).toBe('200 OK');
    expect(text(418)).toBe("418 I'm a Teapot");
    expect(text(599)).toBe('599');
  });
});
