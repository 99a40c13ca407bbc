import { describe, expect, it } from 'vitest';
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
  it('drops hop-by-hop headers, Host and Expect and keeps the end-to-end ones', () => {
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
    expect([...out]).toEqual([
      ['authorization', 'Bearer t'],
      ['content-type', 'application/json'],
    ]);
  });
});
