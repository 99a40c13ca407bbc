// Runs a bundled handler under the real aws-lambda-ric inside the dev server, collects its logs,
// and talks to it with real clients.
import { spawn } from 'node:child_process';
import { request } from 'undici';
import { expect } from 'vitest';
import type { DevLogEntry, DevServer, DevServerOptions } from '../src/index.ts';
import { startDevServer } from '../src/index.ts';
import { eventually } from './support.ts';

export interface Harness {
  server: DevServer;
  /** The server's recent log entries. */
  logs: DevLogEntry[];
  /** Resolves with the first log entry (past or future) that matches. */
  waitForLog(match: (entry: DevLogEntry) => boolean, timeoutMs?: number): Promise<DevLogEntry>;
  close(): Promise<void>;
}

/** A dev server running `options.handler` under aws-lambda-ric on an ephemeral port. */
export async function startHarness(
  options: Omit<DevServerOptions, 'port' | 'runtime'>,
): Promise<Harness> {
  const server = await startDevServer({ ...options, runtime: 'ric', port: 0 });
  return {
    server,
    logs: server.logs,
    waitForLog: (match, timeoutMs = 20_000) =>
      eventually(() => server.logs.find(match), 'a matching log entry', timeoutMs),
    close: () => server.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with undici: raw bytes, no decompression, redirects not followed. */
export async function fetchRaw(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string | string[]>;
    body?: Buffer | string;
  } = {},
): Promise<RawResponse> {
  const response = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

/** The same request straight into `app.fetch`, no Lambda in between. */
export async function fetchDirect(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  pathAndQuery: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await app.fetch(new Request(`https://direct.test${pathAndQuery}`, init));
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Runs curl with `args`, feeding `stdin`; resolves with its stdout bytes. */
export function curl(args: string[], stdin: Buffer = Buffer.alloc(0)): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`curl exited ${code}: ${Buffer.concat(err).toString()}`));
    });
    child.stdin.end(stdin);
  });
}

/** Status, body bytes and the headers that carry meaning are the same on both paths. */
export function expectSameResponse(
  lambda: RawResponse,
  direct: { status: number; headers: Headers; body: Buffer },
): void {
  expect(lambda.status).toBe(direct.status);
  expect(lambda.body).toEqual(direct.body);
  for (const name of ['content-type', 'content-encoding', 'location']) {
    expect(lambda.headers[name], name).toBe(direct.headers.get(name) ?? undefined);
  }
  const cookies = lambda.headers['set-cookie'];
  expect(cookies === undefined ? [] : [cookies].flat()).toEqual(direct.headers.getSetCookie());
}
