// A user's Lambda build: one ESM file made by plain `esbuild --bundle --platform=node
// --format=esm`, no banner, no externals. The package is built here by its own tsdown config
// (what `npm publish` ships), bundled into a handler, and run by a separate `node` process
// against a real redis-server. CommonJS in the bundle that require()s a Node built-in fails
// such a bundle at import ("Dynamic require of "node:crypto" is not supported").
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build as esbuild } from 'esbuild';
import { build as tsdown } from 'tsdown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './redis-server.ts';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

let redis: RedisServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-store-redis-esm-'));
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function buildPackage(outDir: string): Promise<string> {
  await tsdown({
    config: join(packageRoot, 'tsdown.config.ts'),
    cwd: packageRoot,
    outDir,
    dts: false,
    sourcemap: false,
    logLevel: 'error',
  });
  return join(outDir, 'index.js');
}

const HANDLER = (storeEntry: string) => `
  import { redisEventStore } from ${JSON.stringify(storeEntry)};
  const store = redisEventStore({ url: process.env.REDIS_URL });
  export async function handler() {
    const id = 'esm-' + Date.now();
    await store.create(id, 10_000);
    await store.append(id, { seq: 1, event: 'message', data: 'hello' });
    const events = await store.read(id, 0, { limit: 10, waitMs: 0 });
    await store.close();
    return events.map((event) => event.data);
  }
`;

describe('@sluice/store-redis in a plain esbuild ESM bundle', () => {
  it('loads and talks to Redis with no banner or external flags', async () => {
    const storeEntry = await buildPackage(join(dir, 'dist'));
    const entry = join(dir, 'handler.mjs');
    await writeFile(entry, HANDLER(storeEntry));
    const outfile = join(dir, 'bundle/index.mjs');
    // = `esbuild handler.mjs --bundle --platform=node --format=esm --outfile=bundle/index.mjs`,
    // with the package's own node_modules as where `npm install` would have put its deps.
    await esbuild({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      nodePaths: [join(packageRoot, 'node_modules')],
      conditions: ['@sluice/source'], // @sluice/core from source: no build of it needed here
      logLevel: 'silent',
    });
    const script = `const { handler } = await import(${JSON.stringify(outfile)});
      console.log(JSON.stringify(await handler()));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, REDIS_URL: redis.url },
      timeout: 30_000,
    }).catch((error: { stderr?: string }) => {
      throw new Error(`the bundle failed under node:\n${error.stderr ?? String(error)}`);
    });
    expect(JSON.parse(stdout.trim())).toEqual(['hello']);
  });
});
