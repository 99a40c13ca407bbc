// The upstream that the demo's /api/proxy/* reaches in the tests (its PROXY_TARGET): a separate
// server on a loopback port that serves the demo's own /fixtures/* routes (the same gzip bytes).
// It counts the fixture requests it gets and marks each answer with a header that only it sets,
// so a test can tell a response the platform proxy fetched over the network from one the demo
// made in process.
import { createHash } from 'node:crypto';
import { serve } from '@sluice/adapter-node';
import { Hono } from 'hono';
import type { AppEnv } from '../../src/env.ts';
import { fileRoutes } from '../../src/routes/files.ts';
import { fixtureGzipStream } from '../../src/stream/fixture-gzip.ts';

/** Response header set by the fixture server only; a proxy passes it on. */
export const FIXTURE_SERVER_HEADER = 'x-test-fixture-server';

export interface FixtureServer {
  url: string;
  /** Requests for /fixtures/* received so far. */
  readonly hits: number;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  let hits = 0;
  const app = new Hono<AppEnv>();
  app.use('/fixtures/*', async (c, next) => {
    hits++;
    await next();
    c.res.headers.set(FIXTURE_SERVER_HEADER, 'hit');
  });
  app.route('/', fileRoutes());
  const server = await serve(app, { port: 0, hostname: '127.0.0.1', shutdownTimeoutMs: 1000 });
  return {
    url: server.url,
    get hits() {
      return hits;
    },
    close: () => server.close(),
  };
}

let fixtureSha: Promise<string> | undefined;

/** sha-256 of the gzip fixture as the app generates it, computed here without any server. */
export function expectedFixtureSha(): Promise<string> {
  fixtureSha ??= (async () => {
    const hash = createHash('sha256');
    for await (const chunk of fixtureGzipStream()) hash.update(chunk);
    return hash.digest('hex');
  })();
  return fixtureSha;
}
