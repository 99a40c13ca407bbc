// Helpers shared by the dev server's tests (not part of the package API).
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startDevServer } from '../src/server.ts';
import type { DevRequestLog, DevServer, DevServerOptions } from '../src/types.ts';

export const APP_FIXTURE = fileURLToPath(new URL('../test-fixtures/app.mjs', import.meta.url));

export interface DevFixture {
  server: DevServer;
  gate: Gate;
}

/**
 * A dev server on the fixture handler (aws-lambda-ric unless `options` say otherwise) and a
 * gate, started before the calling file's tests and closed after them.
 */
export function useDevServer(options: Partial<DevServerOptions> = {}): DevFixture {
  const fixture = {} as DevFixture;
  beforeAll(async () => {
    fixture.gate = await createGate();
    fixture.server = await startDevServer({
      handler: APP_FIXTURE,
      port: 0,
      runtime: 'ric',
      ...options,
    });
  });
  afterAll(async () => {
    await fixture.server?.close();
    await fixture.gate?.close();
  });
  return fixture;
}

/**
 * A server handlers wait on (`GET /wait?key=K`) until the test calls `release(K)`, so a test can
 * order what the handler does against what the client has seen, without timing.
 */
export interface Gate {
  url: string;
  release(key: string): void;
  /** Resolves once a handler is waiting on `key` (or already released it). */
  reached(key: string): Promise<void>;
  close(): Promise<void>;
}

export async function createGate(): Promise<Gate> {
  const released = new Set<string>();
  const holders = new Map<string, Array<() => void>>();
  const arrivals = new Map<string, Array<() => void>>();
  const arrived = new Set<string>();
  const server = createServer((req, res) => {
    const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '';
    arrived.add(key);
    for (const wake of arrivals.get(key) ?? []) wake();
    arrivals.delete(key);
    const answer = (): void => {
      res.end('go');
    };
    if (released.has(key)) answer();
    else holders.set(key, [...(holders.get(key) ?? []), answer]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    release(key) {
      released.add(key);
      for (const answer of holders.get(key) ?? []) answer();
      holders.delete(key);
    },
    reached(key) {
      if (arrived.has(key)) return Promise.resolve();
      return new Promise((resolve) => arrivals.set(key, [...(arrivals.get(key) ?? []), resolve]));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function requestLogs(server: DevServer): DevRequestLog[] {
  return server.logs.filter((entry): entry is DevRequestLog => entry.kind === 'request');
}

/** Polls until `find` returns something (log entries land when the invocation settles). */
export async function eventually<T>(
  find: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function logFor(server: DevServer, requestId: string | null): Promise<DevRequestLog> {
  return eventually(
    () => requestLogs(server).find((entry) => entry.requestId === requestId),
    `the log entry of ${requestId}`,
  );
}

/** Reads a fetch body to its end; `cut` when the connection closed before the final chunk. */
export function readAll(
  response: Response,
): Promise<{ body: Buffer; cut: boolean; error?: unknown }> {
  if (!response.body) return Promise.resolve({ body: Buffer.alloc(0), cut: false });
  return readToEnd(response.body.getReader());
}

/** `readAll` for a reader already part-way through its body. */
export async function readToEnd(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<{ body: Buffer; cut: boolean; error?: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { body: Buffer.concat(chunks), cut: false };
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    return { body: Buffer.concat(chunks), cut: true, error };
  }
}

/** Reads from `reader` until the accumulated text contains `marker`; fails after `timeoutMs`. */
export async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  state: { text: string },
  marker: string,
  timeoutMs = 5000,
): Promise<void> {
  const decoder = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  while (!state.text.includes(marker)) {
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`"${marker}" did not arrive within ${timeoutMs} ms`)),
        Math.max(remaining, 0),
      );
    });
    try {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`stream ended before "${marker}"`);
      state.text += decoder.decode(value, { stream: true });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Writes `files` (path relative to `root` -> text) under `root`; resolves to `root`. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<string> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(root, file, '..'), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return root;
}

/**
 * The files of an aws-lambda-ric to put beside a handler, whose native client was never built
 * (or is `addon`): the ric check must find it unusable.
 */
export function brokenRic(addon?: string): Record<string, string> {
  const files: Record<string, string> = {
    'node_modules/aws-lambda-ric/package.json': JSON.stringify({
      name: 'aws-lambda-ric',
      version: '4.0.2',
      type: 'module',
      main: 'index.mjs',
    }),
    'node_modules/aws-lambda-ric/index.mjs': 'process.exit(7);\n',
  };
  if (addon !== undefined) files['node_modules/aws-lambda-ric/rapid-client.node'] = addon;
  return files;
}
