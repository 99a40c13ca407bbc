// Real parts for tests: loopback node:http servers, the adapter under test, curl.
import { spawn } from 'node:child_process';
import { createServer, type Server as HttpServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { type AppLike, type ServeOptions, type Server, serve } from '../src/index.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Serves `app` through the adapter on 127.0.0.1; closed after the test. */
export async function serveApp(app: AppLike, options: ServeOptions = {}): Promise<Server> {
  const server = await serve(app, { port: 0, hostname: '127.0.0.1', ...options });
  cleanups.push(() => server.close());
  return server;
}

export interface Upstream {
  url: string;
  server: HttpServer;
}

/** A plain node:http server on 127.0.0.1 (the upstream of a proxy); closed after the test. */
export async function listenUpstream(listener: RequestListener): Promise<Upstream> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export interface CurlResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs curl; `onStdout` sees the body as it arrives (kept out of `stdout` when given). */
export function curl(args: string[], onStdout?: (chunk: Buffer) => void): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (onStdout ? onStdout(chunk) : chunks.push(chunk)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

/** Resolves once `condition()` holds, checking every `intervalMs` (a state, never a speed). */
export async function until(condition: () => boolean, intervalMs = 10): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}

/** Resolves with `read()` once it returned the same value `times` checks in a row. */
export async function settled<T>(read: () => T, intervalMs = 50, times = 4): Promise<T> {
  let last = read();
  let same = 0;
  while (same < times) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const next = read();
    same = next === last ? same + 1 : 0;
    last = next;
  }
  return last;
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

export const encode = (text: string) => new TextEncoder().encode(text);
