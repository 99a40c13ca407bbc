// /api/proxy/* must not take its upstream from anything a client controls (issue 14, item 13):
// a request whose Host names another local server gets this deployment's own fixture on every
// target, and that other server is never asked. Node and the Lambda dev server (both runtimes)
// over a raw socket (fetch would not send our Host); the Workers platform through app.fetch,
// where the request URL carries the Host as workerd builds it.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { readConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { workersPlatform } from '../src/platform/workers.ts';
import { startLambda, startNode, type Target, TEST_ENV } from './support/targets.ts';

const FIXTURE_PATH = '/api/proxy/fixtures/large.json.gz';
let other: Server;
let otherHost: string;
let otherHits = 0;
const targets: Target[] = [];

beforeAll(async () => {
  other = createServer((_req, res) => {
    otherHits++;
    res.end('secret from another local server');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherHost = `127.0.0.1:${(other.address() as { port: number }).port}`;
  targets.push(
    ...(await Promise.all([startNode(), startLambda('in-process'), startLambda('ric')])),
  );
});

afterAll(async () => {
  await Promise.all(targets.map((target) => target.close()));
  other?.close();
});

/** The response head and the first body bytes of GET `path` sent with `host`. */
function getWithHost(base: string, path: string, host: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // The head and a first piece of body are enough to tell whose answer this is.
      if (received.length >= 4096) {
        socket.destroy();
        resolve(received.toString('latin1'));
      }
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(received.toString('latin1')));
  });
}

describe('GET /api/proxy/* with a Host naming another local server', () => {
  it.each(['node', 'lambda-in-process', 'lambda-ric'])(
    '%s: serves its own fixture',
    async (name) => {
      const target = targets.find((t) => t.name === name)!;
      const answer = await getWithHost(target.url, FIXTURE_PATH, otherHost);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer.toLowerCase()).toContain('content-encoding: gzip');
      expect(answer).not.toContain('secret');
      expect(otherHits).toBe(0);
    },
  );

  it('workers platform: serves its own fixture, not the request origin', async () => {
    const app = createApp({
      config: readConfig(TEST_ENV),
      platform: workersPlatform(),
      log: silentLogger,
    });
    const response = await app.fetch(new Request(`http://${otherHost}${FIXTURE_PATH}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const reader = response.body!.getReader();
    const first = await reader.read();
    await reader.cancel();
    expect(Buffer.from(first.value!).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(otherHits).toBe(0);
  });
});

describe('GET /api/proxy/* with a path that climbs out of the base', () => {
  it('workers platform: 400 PROXY_PATH_NOT_ALLOWED, the upstream never asked', async () => {
    const app = createApp({
      config: readConfig({ ...TEST_ENV, PROXY_TARGET: `http://${otherHost}/base/` }),
      platform: workersPlatform(),
      log: silentLogger,
    });
    const hitsBefore = otherHits;
    const response = await app.fetch(new Request('http://demo.test/api/proxy/..%2fsecret'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'PROXY_PATH_NOT_ALLOWED' } });
    expect(otherHits).toBe(hitsBefore);
  });
});
