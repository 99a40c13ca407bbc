// @sluice/core's proxy()/passthrough() served by @sluice/adapter-node, against real node:http
// upstreams and real clients (undici, curl).
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { proxy } from '@sluice/core/node';
import { request } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { GzipSent } from './gzip-source.ts';
import { curl, deferred, listenUpstream, serveApp, settled, until } from './helpers.ts';

const MB = 1024 * 1024;

async function proxyTo(upstreamUrl: string) {
  return serveApp(
    { fetch: (req) => proxy(req, { target: upstreamUrl, allow: [upstreamUrl] }) },
    { onError: () => {} },
  );
}

/** A gzip upstream in a child process, so this process's memory is the proxy's (and client's). */
async function gzipUpstream() {
  const child = fork(fileURLToPath(new URL('./gzip-upstream.ts', import.meta.url)));
  const sent: GzipSent[] = [];
  const port = await new Promise<number>((resolve) =>
    child.on('message', (message: { port?: number; sent?: GzipSent }) => {
      if (message.port !== undefined) resolve(message.port);
      if (message.sent) sent.push(message.sent);
    }),
  );
  onTestFinished(() => {
    child.kill();
  });
  return { url: `http://127.0.0.1:${port}`, sent };
}

// RSS while GC is forced every 25 ms: what the process holds, not garbage V8 has yet to
// collect (unforced, RSS peaks ~90 MB above baseline whether the body is 50 or 400 MB).
function samplePeakRss() {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}

describe('gzip passthrough through adapter-node', () => {
  it('forwards 200 MB of gzip byte for byte with flat memory; curl --compressed decodes it', async () => {
    const upstream = await gzipUpstream();
    const server = await proxyTo(upstream.url);
    await (await request(`${server.url}/?mb=1`)).body.dump(); // warm up the whole path

    const stopSampling = samplePeakRss();
    const baseline = process.memoryUsage.rss();
    const res = await request(`${server.url}/?mb=200`);
    expect(res.headers['content-encoding']).toBe('gzip');
    const received = createHash('sha256');
    let receivedBytes = 0;
    for await (const chunk of res.body) {
      received.update(chunk);
      receivedBytes += chunk.length;
    }
    const peak = stopSampling();
    await until(() => upstream.sent.length === 2);
    expect(receivedBytes).toBe(upstream.sent[1]!.gzipBytes);
    expect(received.digest('hex')).toBe(upstream.sent[1]!.gzipSha256);
    expect(peak - baseline).toBeLessThan(64 * MB); // the proxy (and client) never hold the body

    const decoded = createHash('sha256');
    let decodedBytes = 0;
    const result = await curl(['--compressed', `${server.url}/?mb=200`], (chunk) => {
      decoded.update(chunk);
      decodedBytes += chunk.length;
    });
    expect(result.code).toBe(0);
    expect(decodedBytes).toBe(200 * MB);
    await until(() => upstream.sent.length === 3);
    expect(decoded.digest('hex')).toBe(upstream.sent[2]!.plainSha256);
  });

  it("keeps the upstream's Content-Length (body forwarded unmodified, length known)", async () => {
    const sent = deferred<GzipSent>();
    const upstream = await listenUpstream((_req, res) => {
      const plain = Buffer.alloc(256 * 1024, 7);
      const body = gzipSync(plain);
      res.writeHead(200, {
        'content-encoding': 'gzip',
        'content-length': String(body.length),
        connection: 'keep-alive, x-hop',
        'x-hop': 'dropped',
        'x-end-to-end': 'kept',
      });
      res.end(body);
      sent.resolve({
        gzipBytes: body.length,
        gzipSha256: createHash('sha256').update(body).digest('hex'),
        plainSha256: createHash('sha256').update(plain).digest('hex'),
      });
    });
    const server = await proxyTo(upstream.url);
    const result = await curl(['-D', '-', '-o', '/dev/null', `${server.url}/file`]);
    const head = result.stdout.toString().toLowerCase();
    const expected = await sent.promise;
    expect(head).toContain(`content-length: ${expected.gzipBytes}`);
    expect(head).not.toContain('transfer-encoding');
    expect(head).toContain('content-encoding: gzip');
    expect(head).toContain('x-end-to-end: kept');
    expect(head).not.toContain('x-hop');
    const decoded = await curl(['--compressed', `${server.url}/file`]);
    expect(createHash('sha256').update(decoded.stdout).digest('hex')).toBe(expected.plainSha256);
  });
});

describe('proxy streaming through adapter-node', () => {
  it('a client that leaves cancels the upstream request (the upstream sees its socket close)', async () => {
    const upstreamClosed = deferred();
    const upstream = await listenUpstream((req, res) => {
      req.socket.once('close', () => upstreamClosed.resolve());
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n'); // then nothing: an idle, endless stream
    });
    const server = await proxyTo(upstream.url);
    const controller = new AbortController();
    const res = await request(server.url, { signal: controller.signal });
    for await (const _chunk of res.body) break;
    controller.abort();
    await upstreamClosed.promise;
  });

  it('a slow reader pauses the upstream (bounded buffering), which resumes as it reads', async () => {
    let written = 0;
    const upstream = await listenUpstream((_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 97);
      res.writeHead(200);
      const write = () => {
        while (!res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
      };
      write();
    });
    const server = await proxyTo(upstream.url);
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    socket.pause();
    const stalledAt = await settled(() => written);
    // Two loopback hops of socket buffers plus undici's and the adapter's small buffers.
    expect(stalledAt).toBeLessThan(64 * MB);
    socket.resume();
    await until(() => written > stalledAt + 8 * MB);
    socket.destroy();
  });

  it('an upstream that dies mid-body reaches the client as a truncation', async () => {
    const upstream = await listenUpstream((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.write(Buffer.alloc(1000, 1));
      setTimeout(() => res.destroy(), 20);
    });
    const server = await proxyTo(upstream.url);
    const result = await curl([server.url]);
    expect(result.stdout.length).toBe(1000);
    expect(result.code).toBe(18);
  });

  it('forwards a streamed upload to the upstream', async () => {
    const received = deferred<{ method: string; url: string; bytes: number; sha: string }>();
    const upstream = await listenUpstream(async (req, res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of req) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      received.resolve({ method: req.method!, url: req.url!, bytes, sha: hash.digest('hex') });
      res.end('stored');
    });
    const server = await proxyTo(upstream.url);
    const sent = createHash('sha256');
    async function* body() {
      for (let i = 0; i < 32; i++) {
        const chunk = Buffer.alloc(64 * 1024, i);
        sent.update(chunk);
        yield chunk;
      }
    }
    const res = await request(`${server.url}/upload?name=b`, {
      method: 'PUT',
      body: Readable.from(body()),
    });
    expect(await res.body.text()).toBe('stored');
    expect(await received.promise).toEqual({
      method: 'PUT',
      url: '/upload?name=b',
      bytes: 32 * 64 * 1024,
      sha: sent.digest('hex'),
    });
  });
});
