import { describe, expect, it } from 'vitest';
import { BandwidthModel } from './bandwidth.ts';
import { buildHead } from './response-head.ts';

describe('buildHead', () => {
  it('gives every cookie its own Set-Cookie and drops connection-level headers', () => {
    const head = buildHead('url', 200, {
      headers: {
        'Content-Type': 'text/plain',
        'Content-Length': '5',
        'Transfer-Encoding': 'chunked',
        Connection: 'close',
        'Set-Cookie': 'h=1',
        'X-Num': 3,
      },
      cookies: ['a=1', 'b=2'],
    });
    expect(head).toEqual({
      status: 200,
      headers: { 'content-type': 'text/plain', 'set-cookie': ['h=1', 'a=1', 'b=2'], 'x-num': '3' },
    });
  });

  it('reads multiValueHeaders in REST mode only, letting them win over headers', () => {
    const source = { headers: { 'x-a': 'single' }, multiValueHeaders: { 'X-A': ['1', '2'] } };
    expect(buildHead('rest', 204, source).headers).toEqual({ 'x-a': ['1', '2'] });
    expect(buildHead('url', 204, source).headers).toEqual({ 'x-a': 'single' });
  });

  it('defaults the status to 200', () => {
    expect(buildHead('url', undefined, {}).status).toBe(200);
  });
});

describe('BandwidthModel', () => {
  it('lets the uncapped bytes through, then paces at the rate', () => {
    const model = new BandwidthModel(1000, 100);
    expect(model.delayAfter(1000, 0)).toBe(0);
    expect(model.delayAfter(1050, 0)).toBe(500); // 50 bytes at 100 B/s
    expect(model.delayAfter(1100, 400)).toBe(600);
    expect(model.delayAfter(1100, 2000)).toBe(0);
  });
});
