import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withoutHopByHop } from './hop-by-hop.ts';
import { passthrough } from './passthrough.ts';

const gzipped = gzipSync(Buffer.from('hello passthrough '.repeat(1000)));

function upstream(headers: HeadersInit, body: BodyInit | null = gzipped, status = 200) {
  return new Response(body, { status, statusText: 'Custom Text', headers });
}

describe('withoutHopByHop', () => {
  it('drops the fixed hop-by-hop list, Proxy-* and every header named in Connection', () => {
    const out = withoutHopByHop([
      ['Connection', 'keep-alive, X-Session-Hop,  x-other-hop'],
      ['Keep-Alive', 'timeout=5'],
      ['Transfer-Encoding', 'chunked'],
      ['TE', 'trailers'],
      ['Trailer', 'x-checksum'],
      ['Upgrade', 'h2c'],
      ['Proxy-Authenticate', 'Basic'],
      ['Proxy-Connection', 'keep-alive'],
      ['X-Session-Hop', '1'],
      ['X-Other-Hop', '2'],
      ['Content-Type', 'application/json'],
      ['Content-Encoding', 'gzip'],
      ['X-End-To-End', 'kept'],
    ]);
    expect([...out]).toEqual([
      ['content-encoding', 'gzip'],
      ['content-type', 'application/json'],
      ['x-end-to-end', 'kept'],
    ]);
  });

  it('keeps every Set-Cookie line separate', () => {
    const out = withoutHopByHop([
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2; Path=/'],
    ]);
    expect(out.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  });
});

describe('passthrough', () => {
  it('keeps status, status text, Content-Encoding, Content-Length and the exact body bytes', async () => {
    const out = passthrough(
      upstream(
        {
          'content-encoding': 'gzip',
          'content-length': String(gzipped.length),
          'content-type': 'text/plain',
          connection: 'close',
          'transfer-encoding': 'chunked',
        },
        gzipped,
        203,
      ),
    );
    expect(out.status).toBe(203);
    expect(out.statusText).toBe('Custom Text');
    expect(out.headers.get('content-encoding')).toBe('gzip');
    expect(out.headers.get('content-length')).toBe(String(gzipped.length));
    expect(out.headers.has('connection')).toBe(false);
    expect(out.headers.has('transfer-encoding')).toBe(false);
    expect(Buffer.from(await out.arrayBuffer()).equals(gzipped)).toBe(true);
  });

  it('drops Content-Length when the outgoing transport chunks', () => {
    const out = passthrough(upstream({ 'content-length': String(gzipped.length) }), {
      chunked: true,
    });
    expect(out.headers.has('content-length')).toBe(false);
  });

  it('applies status and header overrides on top, replacing same-named headers', () => {
    const out = passthrough(upstream({ 'cache-control': 'no-store', 'x-a': '1' }), {
      status: 207,
      headers: [
        ['cache-control', 'max-age=60'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
    });
    expect(out.status).toBe(207);
    expect(out.headers.get('cache-control')).toBe('max-age=60');
    expect(out.headers.get('x-a')).toBe('1');
    expect(out.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('hands the upstream stream over: cancelling the result cancels the upstream source', async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(8)),
      cancel: (reason) => {
        cancelled = reason;
      },
    });
    const out = passthrough(upstream({}, source));
    const reader = out.body!.getReader();
    await reader.read();
    await reader.cancel('client left');
    expect(cancelled).toBe('client left');
  });

  it('keeps a null body for null-body statuses', () => {
    const out = passthrough(upstream({ etag: '"x"' }, null, 304));
    expect(out.status).toBe(304);
    expect(out.body).toBeNull();
    expect(out.headers.get('etag')).toBe('"x"');
  });

  it('refuses an upstream whose body was already read', async () => {
    const used = upstream({});
    await used.arrayBuffer();
    expect(() => passthrough(used)).toThrow(TypeError);
  });
});
