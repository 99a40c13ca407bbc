// Issue 5's passthrough through Lambda: a Hono route proxies (fetchRaw on undici) to a real
// node:http upstream that serves a gzip body; under aws-lambda-ric in the dev server, clients
// get the very same gzip bytes with Content-Encoding: gzip and no Content-Length.
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BundledHandler,
  bundleHandler,
} from '../../../adapter-lambda/test-fixtures/adapter/bundle.ts';
import { createProxyApp } from '../../test-fixtures/proxy-app.ts';
import { curl, fetchDirect, fetchRaw, type Harness, startHarness } from '../harness.ts';

const PROXY_APP = fileURLToPath(new URL('../../test-fixtures/proxy-app.ts', import.meta.url));

/** ~390 KB of text, ~25 KB gzipped: the body crosses many chunks on every hop. */
const ORIGINAL = Buffer.from(
  Array.from({ length: 6000 }, (_, i) => `line ${i}: sluice passthrough ✓ ${i * 7919}\n`).join(''),
);
const GZIPPED = gzipSync(ORIGINAL);

let upstream: Server;
let upstreamUrl: string;
let bundle: BundledHandler;
let lambda: Harness;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-encoding': 'gzip',
      'content-length': GZIPPED.length,
      'x-upstream-path': req.url ?? '',
    });
    // In pieces, so the proxy streams what arrives rather than one buffer.
    for (let at = 0; at < GZIPPED.length; at += 4096) res.write(GZIPPED.subarray(at, at + 4096));
    res.end();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  bundle = await bundleHandler(`
    import { streamHandle } from '@sluice/adapter-lambda';
    import { createProxyApp } from ${JSON.stringify(PROXY_APP)};
    export const handler = streamHandle(createProxyApp(() => process.env.UPSTREAM_URL));
  `);
  lambda = await startHarness({
    handler: bundle.file,
    mode: 'url',
    timeoutSec: 30,
    env: { UPSTREAM_URL: upstreamUrl },
  });
});

afterAll(async () => {
  await lambda?.close();
  await bundle?.remove();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
});

/** Splits `curl -D -` output into lower-cased header lines and the body bytes. */
function splitCurl(output: Buffer): { headers: string[]; body: Buffer } {
  const end = output.indexOf('\r\n\r\n');
  const headers = output.subarray(0, end).toString('latin1').toLowerCase().split('\r\n');
  return { headers, body: output.subarray(end + 4) };
}

describe('gzip passthrough through streamHandle under aws-lambda-ric', () => {
  it('undici gets the upstream gzip byte for byte, Content-Encoding kept, no Content-Length', async () => {
    const response = await fetchRaw(`${lambda.server.url}/files/report.txt?v=1`);
    expect(response.status).toBe(200);
    expect(response.body.equals(GZIPPED)).toBe(true);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['x-upstream-path']).toBe('/files/report.txt?v=1');
  });

  it('is what the same app answers through app.fetch directly', async () => {
    const direct = await fetchDirect(
      createProxyApp(() => upstreamUrl),
      '/files/report.txt',
    );
    const response = await fetchRaw(`${lambda.server.url}/files/report.txt`);
    expect(response.body.equals(direct.body)).toBe(true);
    expect(direct.headers.get('content-encoding')).toBe('gzip');
  });

  it('curl without --compressed receives the raw gzip; with --compressed, the original', async () => {
    const raw = splitCurl(await curl(['-D', '-', `${lambda.server.url}/files/a.txt`]));
    expect(raw.headers[0]).toMatch(/^http\/1\.1 200/);
    expect(raw.headers).toContain('content-encoding: gzip');
    expect(raw.headers.some((line) => line.startsWith('content-length:'))).toBe(false);
    expect(raw.body.equals(GZIPPED)).toBe(true);
    const decoded = await curl(['--compressed', `${lambda.server.url}/files/a.txt`]);
    expect(decoded.equals(ORIGINAL)).toBe(true);
  });
});
