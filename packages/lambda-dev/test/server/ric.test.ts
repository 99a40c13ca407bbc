import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readAll, readUntil, useDevServer } from '../support.ts';

const run = promisify(execFile);

// One dev server running AWS's real runtime client for the whole file.
const dev = useDevServer({ timeoutSec: 20 });

describe('streaming through aws-lambda-ric (Function URL mode)', () => {
  it('delivers each SSE tick before the handler writes the next one', async () => {
    const id = 'sse';
    const response = await fetch(`${dev.server.url}/gated?n=5&id=${id}&gate=${dev.gate.url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const state = { text: '' };
    const arrivals: number[] = [];
    const start = Date.now();
    for (let i = 1; i <= 5; i++) {
      // Tick i+1 is not even written until we release it: if anything buffered the stream,
      // tick i would never arrive here and this read would time out.
      await readUntil(reader, state, `data: tick ${i}\n\n`);
      arrivals.push(Date.now() - start);
      if (i < 5) dev.gate.release(`${id}:${i + 1}`);
    }
    expect((await reader.read()).done).toBe(true);
    console.info(`gated SSE tick arrival times (ms since head): ${arrivals.join(', ')}`);
  });

  it('adds little latency per chunk (measured, not asserted)', async () => {
    const response = await fetch(`${dev.server.url}/ticks?n=20&ms=25`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const delays: number[] = [];
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const now = performance.timeOrigin + performance.now();
      text += decoder.decode(value, { stream: true });
      for (const match of text.matchAll(/data: (\d+) ([\d.]+)\n\n/g))
        delays.push(now - Number(match[2]));
      text = text.slice(text.lastIndexOf('\n\n') + 2);
    }
    expect(delays).toHaveLength(20);
    const sorted = [...delays].sort((a, b) => a - b);
    console.info(
      `per-chunk handler-write -> client-read latency: median ${sorted[10]?.toFixed(2)} ms, ` +
        `max ${sorted[19]?.toFixed(2)} ms`,
    );
  });

  it('streams 100 MB with flat memory in the emulator', async () => {
    // Each forwarded chunk becomes garbage at once, but V8 lets up to ~64 MB of such buffers
    // pile up before collecting; collecting every 25 ms makes RSS show what is really retained.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await run('curl', ['-s', '-o', '/dev/null', `${dev.server.url}/big?mb=1`]); // warm paths
    gc();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 25);
    const started = performance.now();
    const { stdout } = await run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{size_download}',
      `${dev.server.url}/big?mb=100`,
    ]);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    expect(stdout).toBe(`200 ${100 * 1024 * 1024}`);
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.info(
      `100 MB: ${(100 / seconds).toFixed(0)} MB/s, emulator RSS ${(baseline / 1048576).toFixed(0)} MB ` +
        `-> peak ${(peak / 1048576).toFixed(0)} MB (+${growthMb.toFixed(1)} MB)`,
    );
    expect(growthMb).toBeLessThan(64);
  });

  it('stalls the handler, not the emulator, when the client stops reading', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { port } = new URL(dev.server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause(); // read nothing: only the kernel's socket buffers can fill
    socket.write('GET /big?mb=50 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    gc();
    const baseline = process.memoryUsage.rss();
    // Without backpressure the runtime would push all 50 MB into the emulator in this time.
    await new Promise((resolve) => setTimeout(resolve, 400));
    gc();
    const stalled = (process.memoryUsage.rss() - baseline) / 1048576;
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    socket.resume();
    await new Promise((resolve) => socket.once('end', resolve));
    console.info(`RSS growth while the client was not reading: ${stalled.toFixed(1)} MB`);
    expect(stalled).toBeLessThan(16);
    expect(received).toBeGreaterThan(50 * 1024 * 1024); // every byte, plus head and framing
  });

  it('sends every cookie as its own Set-Cookie and drops Content-Length from the prelude', async () => {
    const response = await fetch(`${dev.server.url}/cookies`);
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual([
      'a=1; Path=/',
      'b=2; HttpOnly',
      'c=3; Max-Age=60',
    ]);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(await response.text()).toBe('ok');
  });

  it('answers an empty body with the prelude status and headers', async () => {
    const noContent = await fetch(`${dev.server.url}/empty`);
    expect(noContent.status).toBe(204);
    expect(noContent.headers.get('x-empty')).toBe('yes');
    expect(await noContent.text()).toBe('');
    const ok = await fetch(`${dev.server.url}/empty?status=200`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-empty')).toBe('yes');
    expect((await readAll(ok)).body.length).toBe(0);
  });

  it('passes a binary body byte for byte, NUL runs included', async () => {
    const response = await fetch(`${dev.server.url}/binary`);
    const { body, cut } = await readAll(response);
    const bytes = Buffer.from(Uint8Array.from({ length: 256 }, (_, i) => i));
    const expected = Buffer.concat([bytes, Buffer.alloc(16), bytes, Buffer.alloc(100, 0xff)]);
    expect(cut).toBe(false);
    expect(body.equals(expected)).toBe(true);
  });

  it('sends a binary request body base64-encoded in the event and a text body as text', async () => {
    const payload = Buffer.from([0, 1, 2, 0xfe, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 42]);
    const binary = await fetch(`${dev.server.url}/echo`, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(binary.headers.get('x-base64')).toBe('true');
    expect(Buffer.from(await binary.arrayBuffer()).equals(payload)).toBe(true);
    const text = await fetch(`${dev.server.url}/echo`, {
      method: 'POST',
      body: 'héllo',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(text.headers.get('x-base64')).toBe('false');
    expect(await text.text()).toBe('héllo');
  });

  it('without the prelude content type, answers 200 with the runtime content type and raw bytes', async () => {
    const response = await fetch(`${dev.server.url}/raw`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('raw body');
  });

  it('builds a payload 2.0 event like a Function URL', async () => {
    const response = await fetch(`${dev.server.url}/event?a=1&a=2&b=x%20y`, {
      method: 'POST',
      body: '{"k":1}',
      headers: {
        'content-type': 'application/json',
        cookie: 's=1; t=2',
        'x-multi': 'v',
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '203.0.113.7',
      },
    });
    const event = (await response.json()) as Record<string, unknown>;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/event',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['s=1', 't=2'],
      queryStringParameters: { a: '1,2', b: 'x y' },
      body: '{"k":1}',
      isBase64Encoded: false,
      requestContext: {
        accountId: 'anonymous',
        routeKey: '$default',
        stage: '$default',
        http: { method: 'POST', path: '/event', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    const headers = event.headers as Record<string, string>;
    expect(headers['x-multi']).toBe('v');
    expect(headers['content-type']).toBe('application/json');
    expect(headers.cookie).toBeUndefined();
    // Set by the front end as AWS does; what the client claimed is overwritten or appended to.
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-port']).toBe(new URL(dev.server.url).port);
    expect(headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
  });
});
