import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { proxy } from './proxy.ts';
import { closedPort, deferred, listenUpstream } from './test-upstream.ts';

interface Seen {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function recordingUpstream(
  respond: (res: ServerResponse) => void = (res) => void res.end('ok'),
) {
  const seen = deferred<Seen>();
  const upstream = await listenUpstream(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.resolve({ method: req.method, url: req.url, headers: req.headers, body });
    respond(res);
  });
  return { ...upstream, seen: seen.promise };
}

describe('proxy', () => {
  it('forwards method, path under the target path, merged query, body and end-to-end headers', async () => {
    const upstream = await recordingUpstream();
    const request = new Request('http://proxy.local/v1/items?page=2', {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer t',
        connection: 'x-private',
        'x-private': 'hop only',
        'proxy-authorization': 'Basic secret',
        te: 'trailers',
        'x-keep': 'yes',
      },
      body: '{"name":"x"}',
    });
    const res = await proxy(request, {
      target: `${upstream.url}/api/?key=k`,
      allow: [upstream.url],
    });
    expect(await res.text()).toBe('ok');
    const seen = await upstream.seen;
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe('/api/v1/items?key=k&page=2');
    expect(seen.body).toBe('{"name":"x"}');
    expect(seen.headers).toMatchObject({
      'content-type': 'application/json',
      'x-keep': 'yes',
      host: new URL(upstream.url).host,
    });
    for (const hop of ['x-private', 'proxy-authorization', 'te', 'authorization']) {
      expect(seen.headers[hop]).toBeUndefined();
    }
  });

  it('returns the upstream gzip untouched, minus hop-by-hop headers', async () => {
    const gzipped = gzipSync(Buffer.from('compressed upstream body'));
    const upstream = await recordingUpstream((res) => {
      res.writeHead(200, {
        'content-encoding': 'gzip',
        'content-length': gzipped.length,
        'keep-alive': 'timeout=5',
      });
      res.end(gzipped);
    });
    const res = await proxy(new Request('http://proxy.local/'), {
      target: upstream.url,
      allow: [upstream.url],
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-length')).toBe(String(gzipped.length));
    expect(res.headers.has('keep-alive')).toBe(false);
    expect(Buffer.from(await res.arrayBuffer()).equals(gzipped)).toBe(true);
  });

  it('refuses a target outside the allow list with 403 and never connects to it', async () => {
    const canary = await listenUpstream((_req, res) => res.end('should not be reached'));
    const res = await proxy(new Request('http://proxy.local/'), {
      target: canary.url,
      allow: ['https://api.example.com'],
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'PROXY_TARGET_NOT_ALLOWED' } });
    expect(canary.connections()).toBe(0);
  });

  it('keeps protocol-relative looking paths on the target origin', async () => {
    const upstream = await recordingUpstream();
    const res = await proxy(new Request('http://proxy.local//evil.example/steal?x=1'), {
      target: upstream.url,
      allow: [upstream.url],
    });
    expect(res.status).toBe(200);
    expect((await upstream.seen).url).toBe('//evil.example/steal?x=1');
  });

  it('answers 502 JSON when the upstream is unreachable', async () => {
    const target = `http://127.0.0.1:${await closedPort()}`;
    const res = await proxy(new Request('http://proxy.local/'), { target, allow: [target] });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({
      error: { code: 'UPSTREAM_UNREACHABLE', message: 'The upstream server could not be reached' },
    });
  });

  it('answers 504 JSON when the upstream does not answer in time', async () => {
    const upstream = await listenUpstream(() => {}); // never answers
    const res = await proxy(new Request('http://proxy.local/'), {
      target: upstream.url,
      allow: [upstream.url],
      headersTimeout: 100,
    });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: { code: 'UPSTREAM_TIMEOUT' } });
  });

  it("aborting the request's signal cancels the upstream request", async () => {
    const closed = deferred();
    const upstream = await listenUpstream((req) => {
      req.socket.once('close', () => closed.resolve());
    });
    const controller = new AbortController();
    const outcome = proxy(new Request('http://proxy.local/', { signal: controller.signal }), {
      target: upstream.url,
      allow: [upstream.url],
    }).catch((error: unknown) => error);
    await new Promise((resolve) => upstream.server.once('request', resolve));
    controller.abort(new Error('client left'));
    await closed.promise;
    expect(await outcome).toMatchObject({ message: 'client left' });
  });
});
