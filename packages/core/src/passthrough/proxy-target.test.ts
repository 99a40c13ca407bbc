import { describe, expect, it } from 'vitest';
import { ProxyPathError } from './proxy-path.ts';
import { isProxyTargetAllowed, proxyRequestHeaders, proxyUpstreamUrl } from './proxy-target.ts';

describe('proxyUpstreamUrl', () => {
  it("appends the incoming path to the target's and the incoming query after the target's", () => {
    const target = new URL('https://api.example.com/v1/?key=abc');
    const url = proxyUpstreamUrl(target, new URL('http://proxy.local/items/7?page=2&sort=asc'));
    expect(url.href).toBe('https://api.example.com/v1/items/7?key=abc&page=2&sort=asc');
  });

  it('keeps either query alone and adds no stray separator', () => {
    const bare = new URL('https://api.example.com/v1');
    expect(proxyUpstreamUrl(bare, new URL('http://p/x?a=1')).href).toBe(
      'https://api.example.com/v1/x?a=1',
    );
    const keyed = new URL('https://api.example.com/v1?key=abc');
    expect(proxyUpstreamUrl(keyed, new URL('http://p/x')).href).toBe(
      'https://api.example.com/v1/x?key=abc',
    );
    expect(proxyUpstreamUrl(bare, new URL('http://p/x')).href).toBe('https://api.example.com/v1/x');
  });

  it("never leaves the target's origin, even for a protocol-relative path", () => {
    const url = proxyUpstreamUrl(
      new URL('https://api.example.com'),
      new URL('http://p//evil.test/x'),
    );
    expect(url.origin).toBe('https://api.example.com');
    expect(url.pathname).toBe('//evil.test/x');
  });
});

describe('isProxyTargetAllowed', () => {
  const allow = ['https://api.example.com', 'http://127.0.0.1:8080/ignored/path'];

  it('accepts a target whose origin is listed, whatever its path', () => {
    expect(isProxyTargetAllowed(new URL('https://api.example.com/v1/x'), allow)).toBe(true);
    expect(isProxyTargetAllowed(new URL('http://127.0.0.1:8080/'), allow)).toBe(true);
  });

  it('refuses another scheme, host or port', () => {
    expect(isProxyTargetAllowed(new URL('http://api.example.com/v1'), allow)).toBe(false);
    expect(isProxyTargetAllowed(new URL('https://evil.example.com/'), allow)).toBe(false);
    expect(isProxyTargetAllowed(new URL('http://127.0.0.1:8081/'), allow)).toBe(false);
    expect(isProxyTargetAllowed(new URL('https://api.example.com/'), [])).toBe(false);
  });
});

describe('proxyRequestHeaders', () => {
  it('drops hop-by-hop headers, Host, Expect and credentials and keeps the end-to-end ones', () => {
    const out = proxyRequestHeaders({
      host: 'proxy.local',
      expect: '100-continue',
      connection: 'x-private',
      'x-private': 'hop only',
      'proxy-authorization': 'Basic secret',
      te: 'trailers',
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
    expect([...out]).toEqual([['content-type', 'application/json']]);
  });

  it('withholds Cookie, Authorization, Forwarded and X-Forwarded-* unless named in forward', () => {
    const visitor = {
      cookie: 'session=ours',
      authorization: 'Bearer ours',
      forwarded: 'for=1.2.3.4',
      'x-forwarded-for': '1.2.3.4',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      'x-forwardedness': 'not a forwarding header',
      accept: 'application/json',
    };
    expect([...proxyRequestHeaders(visitor).keys()]).toEqual(['accept', 'x-forwardedness']);
    const forward = ['Authorization', 'x-forwarded-for'];
    expect([...proxyRequestHeaders(visitor, { forward }).keys()]).toEqual([
      'accept',
      'authorization',
      'x-forwarded-for',
      'x-forwardedness',
    ]);
  });
});

describe('proxyUpstreamUrl and paths that climb out of the base', () => {
  const target = new URL('https://api.example.com/v1/public/');
  it.each([
    '/..%2fadmin',
    '/..%2Fadmin',
    '/a/..%2f..%2fadmin',
    '/%2e%2e%2fadmin',
    '/..%5cadmin',
    '/%252e%252e%252fadmin',
    '/%25252e%25252e/admin',
    '/..;x/admin',
  ])('refuses %s with ProxyPathError', (path) => {
    // The URL parser resolves literal and %2e dot segments itself; these survive it.
    const incoming = new URL(`http://proxy.local${path}`);
    expect(() => proxyUpstreamUrl(target, incoming)).toThrow(ProxyPathError);
    expect(() => proxyUpstreamUrl(target, incoming)).toThrow(
      expect.objectContaining({ code: 'PROXY_PATH_NOT_ALLOWED' }),
    );
  });

  it.each([
    ['/a..b/c', '/v1/public/a..b/c'],
    ['/..a/b%2fc', '/v1/public/..a/b%2fc'],
    ['/.well-known/x', '/v1/public/.well-known/x'],
    ['/a/../b', '/v1/public/b'], // resolved by the URL parser before it gets here
    ['/%2e%2e/b', '/v1/public/b'],
    ['/.%2e/b', '/v1/public/b'],
    ['/files/..', '/v1/public/'],
  ])('keeps %s under the base', (path, expected) => {
    expect(proxyUpstreamUrl(target, new URL(`http://proxy.local${path}`)).pathname).toBe(expected);
  });
});
