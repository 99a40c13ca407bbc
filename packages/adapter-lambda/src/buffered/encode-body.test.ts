import { describe, expect, it } from 'vitest';
import { defaultIsBinary, encodeBody } from './encode-body.ts';

describe('defaultIsBinary', () => {
  it.each([
    ['text/plain; charset=utf-8', false],
    ['text/html', false],
    ['text/event-stream', false],
    ['application/json', false],
    ['application/problem+json', false],
    ['application/vnd.api+json; charset=utf-8', false],
    ['application/xml', false],
    ['image/svg+xml', false],
    ['application/javascript', false],
    ['application/x-www-form-urlencoded', false],
    ['application/x-ndjson', false],
    ['image/png', true],
    ['application/octet-stream', true],
    ['application/pdf', true],
    ['application/jsonx', true],
    ['font/woff2', true],
  ])('%s -> %s', (type, binary) => {
    expect(defaultIsBinary(type)).toBe(binary);
  });
});

describe('encodeBody', () => {
  const utf8 = Buffer.from('héllo ✓');
  it('keeps valid UTF-8 text as a string', () => {
    const headers = new Headers({ 'content-type': 'text/plain' });
    expect(encodeBody(utf8, headers, defaultIsBinary)).toEqual({
      body: 'héllo ✓',
      isBase64Encoded: false,
    });
  });

  it('treats an untyped body by its bytes', () => {
    expect(encodeBody(utf8, new Headers(), defaultIsBinary).isBase64Encoded).toBe(false);
    expect(encodeBody(Buffer.from([0xff]), new Headers(), defaultIsBinary)).toEqual({
      body: '/w==',
      isBase64Encoded: true,
    });
  });

  it('base64 for any Content-Encoding except identity', () => {
    const gzip = new Headers({ 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    expect(encodeBody(utf8, gzip, defaultIsBinary).isBase64Encoded).toBe(true);
    const identity = new Headers({ 'content-type': 'text/plain', 'content-encoding': 'identity' });
    expect(encodeBody(utf8, identity, defaultIsBinary).isBase64Encoded).toBe(false);
  });

  it.each([
    ['empty', '', false],
    ['blank', ' \t', false],
    ['only commas', ' , ,', false],
    ['identity listed twice', 'identity, IDENTITY', false],
    ['gzip after identity', 'identity, gzip', true],
    ['an unknown coding', 'x-custom', true],
  ])('Content-Encoding %s (%j): base64 %s', (_, encoding, binary) => {
    const headers = new Headers({ 'content-type': 'text/plain', 'content-encoding': encoding });
    expect(encodeBody(utf8, headers, defaultIsBinary)).toEqual(
      binary
        ? { body: utf8.toString('base64'), isBase64Encoded: true }
        : { body: 'héllo ✓', isBase64Encoded: false },
    );
  });
});
