// The demo on each runtime, started for real: Node (adapter-node on a loopback port), the Lambda
// dev server (esbuild bundle, in-process runtime or aws-lambda-ric) and `wrangler dev`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@sluice/adapter-node';
import type { SSEEventStore } from '@sluice/core';
import { startDevServer } from '@sluice/lambda-dev';
import { bundleLambda } from '../../scripts/bundle-lambda.ts';
import { createApp } from '../../src/app.ts';
import { readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { nodePlatform } from '../../src/platform/node.ts';
import { freePort, waitForHttp } from './ports.ts';

export type TargetName = 'node' | 'lambda-in-process' | 'lambda-ric' | 'wrangler';

export interface Target {
  name: TargetName;
  url: string;
  close(): Promise<void>;
}

export type TargetEnv = Record<string, string>;

const demoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Settings every test target shares: quick tokens, no request log noise. */
export const TEST_ENV: TargetEnv = { LOCAL_TOKEN_DELAY_MS: '1-3', LOG_REQUESTS: '0' };

export async function startNode(env: TargetEnv = TEST_ENV, store?: SSEEventStore): Promise<Target> {
  const platform = nodePlatform({ name: 'node' });
  const app = createApp({ config: readConfig(env), platform, store, log: silentLogger });
  const server = await serve(app, { port: 0, hostname: '127.0.0.1', shutdownTimeoutMs: 1000 });
  return { name: 'node', url: server.url, close: () => server.close() };
}

/**
 * The Lambda bundle in the dev server, from a temp folder with no node_modules next to it (as
 * on Lambda: only what the bundle holds, plus Node's built-ins). `handlerExport`: `handler`
 * (streamHandle) or `bufferedHandler` (handle + S3 overflow).
 */
export async function startLambda(
  runtime: 'ric' | 'in-process',
  env: TargetEnv = TEST_ENV,
  handlerExport: 'handler' | 'bufferedHandler' = 'handler',
): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-demo-lambda-'));
  const handler = await bundleLambda(join(dir, 'index.mjs'));
  const server = await startDevServer({
    handler,
    export: handlerExport,
    runtime,
    port: 0,
    timeoutSec: 60,
    env,
    onLog: process.env.DEMO_DEBUG_LAMBDA
      ? (entry) => console.error('[lambda]', JSON.stringify(entry))
      : () => {},
  });
  return {
    name: runtime === 'ric' ? 'lambda-ric' : 'lambda-in-process',
    url: server.url,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startWrangler(env: TargetEnv = TEST_ENV): Promise<Target> {
  const port = await freePort();
  const wrangler = resolve(demoRoot, 'node_modules/wrangler/bin/wrangler.js');
  const vars = Object.entries(env).flatMap(([key, value]) => ['--var', `${key}:${value}`]);
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', '0'];
  const child = spawn(process.execPath, [wrangler, ...args, ...vars], {
    cwd: demoRoot,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_BUILD_CONDITIONS: '@sluice/source,workerd,worker,browser',
      CI: 'true',
      NO_COLOR: '1',
    },
    detached: true, // its own process group: workerd goes with it on close
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000, () => child.exitCode === null);
  } catch (error) {
    await stopGroup(child);
    throw new Error(`wrangler dev did not start:\n${output.join('').slice(-3000)}`, {
      cause: error,
    });
  }
  return { name: 'wrangler', url, close: () => stopGroup(child) };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }, 5000);
  await exited;
  clearTimeout(timer);
}
