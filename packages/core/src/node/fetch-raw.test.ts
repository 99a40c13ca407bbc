import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UpstreamTimeoutError, UpstreamUnreachableError } from './errors.ts';
import { fetchRaw } from './fetch-raw.ts';
import { closedPort, deferred, listenUpstream } from './test-upstream.ts';

const plain = Buffer.from('the original text, compressed by the upstream\n'.repeat(2000));
const gzipped = gzipSync(plain);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('fetchRaw', () => {
  it('returns the gzip bytes as sent, where global fetch decodes them but keeps the header', async () => {
    const upstream = await listenUpstream((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': gzipped.length });
      res.end(gzipped);
    });
    const raw = await fetchRaw(upstream.url);
    expect(raw.headers.get('content-encoding')).toBe('gzip');
    expect(raw.headers.get('content-length')).toBe(String(gzipped.length));
    expect(sha(new Uint8Array(await raw.arrayBuffer()))).toBe(sha(gzipped));

    // Why fetchRaw exists: forwarding this Response would send plain bytes labelled gzip.
    const decoded = await fetch(upstream.url);
    expect(decoded.headers.get('content-encoding')).toBe('gzip');
    expect(sha(new Uint8Array(await decoded.arrayBuffer()))).toBe(sha(plain));
  });

  it('keeps status, repeated Set-Cookie lines, and does not follow redirects', async () => {
    const upstream = await listenUpstream((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    });
    const res = await fetchRaw(upstream.url);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/elsewhere');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('sends method, headers and a streamed body', async () => {
    const seen = deferred<{ method?: string; type?: string; body: string }>();
    const upstream = await listenUpstream(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.resolve({ method: req.method, type: req.headers['content-type'], body });
      res.end();
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('part one, '));
        controller.enqueue(encoder.encode('part two'));
        controller.close();
      },
    });
    await fetchRaw(upstream.url, { method: 'POST', headers: { 'content-type': 'text/x' }, body });
    expect(await seen.promise).toEqual({
      method: 'POST',
      type: 'text/x',
      body: 'part one, part two',
    });
  });

  it('gives null bodies for HEAD, 204 and 304', async () => {
    const upstream = await listenUpstream((req, res) => {
      res.writeHead(req.url === '/204' ? 204 : req.url === '/304' ? 304 : 200);
      res.end();
    });
    expect((await fetchRaw(`${upstream.url}/`, { method: 'HEAD' })).body).toBeNull();
    expect((await fetchRaw(`${upstream.url}/204`)).body).toBeNull();
    expect((await fetchRaw(`${upstream.url}/304`)).body).toBeNull();
  });

  it('aborting the signal mid-body cancels the upstream request (its socket closes)', async () => {
    const closed = deferred();
    const upstream = await listenUpstream((req, res) => {
      req.socket.once('close', () => closed.resolve());
      res.writeHead(200);
      res.write('first chunk'); // then the body stays open
    });
    const controller = new AbortController();
    const res = await fetchRaw(upstream.url, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort(new Error('client left'));
    await closed.promise;
    await expect(reader.read()).rejects.toThrow();
  });

  it('cancelling the body cancels the upstream request', async () => {
    const closed = deferred();
    const upstream = await listenUpstream((req, res) => {
      req.socket.once('close', () => closed.resolve());
      res.writeHead(200);
      res.write('first chunk');
    });
    const res = await fetchRaw(upstream.url);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await closed.promise;
  });

  it('rejects with the abort reason when aborted before the response', async () => {
    const upstream = await listenUpstream(() => {}); // never answers
    const controller = new AbortController();
    const pending = fetchRaw(upstream.url, { signal: controller.signal });
    const reason = new Error('gave up');
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it('maps a refused connection to UpstreamUnreachableError', async () => {
    const port = await closedPort();
    await expect(fetchRaw(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      name: 'UpstreamUnreachableError',
      code: 'UPSTREAM_UNREACHABLE',
    });
    await expect(fetchRaw(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(
      UpstreamUnreachableError,
    );
  });

  it('maps slow response headers to UpstreamTimeoutError', async () => {
    const upstream = await listenUpstream(() => {}); // accepts, never answers
    await expect(fetchRaw(upstream.url, { headersTimeout: 100 })).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
  });

  it('rethrows caller mistakes instead of calling them network failures', async () => {
    const upstream = await listenUpstream((_req, res) => res.end());
    await expect(fetchRaw(upstream.url, { method: 'NOT A METHOD' })).rejects.toMatchObject({
      code: 'UND_ERR_INVALID_ARG',
    });
  });
});
