// Acceptance of the dev server's template mode on the demo's own template.yaml, as it is: one
// startDevServer({ template }) builds both functions with their Makefile targets and serves,
// all at once, under the real aws-lambda-ric: the RESPONSE_STREAM Function URL (undici, and
// Chromium's chat page), the REST API whose integration streams (curl, under /prod), and the
// buffered HTTP API whose bodies over 6 MB go through S3 (s3rver, as the other tests use).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevServer, startDevServer } from '@sluice/lambda-dev';
import type { Browser } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalS3,
  S3RVER_SECRET,
  startLocalS3,
} from '../../../packages/adapter-lambda/test-fixtures/adapter/local-s3.ts';
import { localAnswer } from '../src/llm/local-answers.ts';
import { csvDownloadStream } from '../src/stream/csv-download.ts';
import { chat } from './support/chat-page.ts';
import { ARTIFACTS, launchChromium } from './support/chromium.ts';
import { TEST_ENV } from './support/targets.ts';

const TEMPLATE = fileURLToPath(new URL('../template.yaml', import.meta.url));
const BUCKET = 'sluice-demo-overflow';
// Three ticks a second apart: a streamed body arrives in pieces over about two seconds, a
// buffered one whole.
const TICK_MS = 1000;
const TICKS = `/api/ticks?n=3&intervalMs=${TICK_MS}`;

let s3: LocalS3;
let server: DevServer;
let buildDir: string;
let browser: Browser;

beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), 'sluice-demo-template-'));
  s3 = await startLocalS3([BUCKET]);
  [server, browser] = await Promise.all([
    startDevServer({
      template: TEMPLATE,
      port: 0,
      runtime: 'ric',
      // The bucket is created by the stack on AWS; locally it is s3rver's, named in env.json form.
      envVars: { BufferedFunction: { OVERFLOW_BUCKET: BUCKET } },
      env: {
        ...TEST_ENV,
        LOCAL_TOKEN_DELAY_MS: '15-40',
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: S3RVER_SECRET,
      },
      inheritShellEnv: false,
      // A folder with no node_modules above it, as on Lambda: the bundle must hold everything.
      buildDir,
      onLog: process.env.DEMO_DEBUG_LAMBDA
        ? (entry) => console.error('[lambda]', JSON.stringify(entry))
        : () => {},
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await s3?.close();
  await rm(buildDir, { recursive: true, force: true });
});

const functionUrl = () =>
  server.template?.functions.find((fn) => fn.logicalId === 'StreamingFunction')?.functionUrl ?? '';

/** The body as the client received it, piece by piece, with each piece's arrival time (ms). */
interface Pieces {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  pieces: string[];
  arrivals: number[];
}

async function undiciPieces(url: string): Promise<Pieces> {
  const response = await request(url);
  const pieces: string[] = [];
  const arrivals: number[] = [];
  for await (const chunk of response.body) {
    pieces.push(Buffer.from(chunk).toString());
    arrivals.push(performance.now());
  }
  return { status: response.statusCode, headers: response.headers, pieces, arrivals };
}

/** curl -N prints each piece as it arrives; status and headers go to stderr as JSON. */
function curlPieces(url: string): Promise<Pieces> {
  return new Promise((resolve, reject) => {
    const args = ['-sS', '-N', '-w', '%{stderr}%{response_code} %{header_json}', url];
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const pieces: string[] = [];
    const arrivals: number[] = [];
    let meta = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pieces.push(chunk.toString());
      arrivals.push(performance.now());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      meta += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`curl exited ${code}: ${meta}`));
      const space = meta.indexOf(' ');
      const json = JSON.parse(meta.slice(space + 1)) as Record<string, string[]>;
      const headers: Pieces['headers'] = {};
      for (const [name, values] of Object.entries(json)) headers[name] = values.join(', ');
      resolve({ status: Number(meta.slice(0, space)), headers, pieces, arrivals });
    });
  });
}

function expectStreamed(result: Pieces): void {
  expect(result.status).toBe(200);
  expect(result.headers['content-type']).toMatch(/^text\/event-stream/);
  expect(result.headers['content-length']).toBeUndefined();
  expect(result.pieces.join('')).toMatch(/"tick":1[\s\S]*"tick":3[\s\S]*event: end/);
  // The first tick reached the client long before the end event (2 ticks later on the server):
  // a buffered body comes in one go. Half a tick of slack left for a stalled, loaded machine.
  const firstTickAt = result.arrivals[result.pieces.findIndex((p) => p.includes('"tick":1'))]!;
  const endAt = result.arrivals[result.pieces.findIndex((p) => p.includes('event: end'))]!;
  expect(endAt - firstTickAt).toBeGreaterThanOrEqual(TICK_MS / 2);
}

describe('the demo template, all three front doors from one startDevServer({ template })', () => {
  it('lists the Function URL, the REST stage and the HTTP API routes', () => {
    const routes = server.template?.routes.map(
      (r) => `${r.kind} ${r.method} ${r.url} ${r.streaming}`,
    );
    expect(routes).toEqual([
      `rest ANY ${server.url}/prod/ true`,
      `rest ANY ${server.url}/prod/{proxy+} true`,
      `http ANY ${server.url}/ false`,
      `http ANY ${server.url}/{proxy+} false`,
    ]);
    expect(functionUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('streams on the Function URL and the REST API while the HTTP API buffers, concurrently', async () => {
    const [url, rest, http] = await Promise.all([
      undiciPieces(`${functionUrl()}${TICKS.slice(1)}`),
      curlPieces(`${server.url}/prod${TICKS}`),
      undiciPieces(`${server.url}${TICKS}`),
    ]);
    expectStreamed(url);
    expectStreamed(rest);
    // The HTTP API waited for the whole answer: its first piece already holds the end.
    expect(http.status).toBe(200);
    expect(http.pieces[0]).toMatch(/"tick":1[\s\S]*"tick":3[\s\S]*event: end/);
  });

  it('sends a 7 MiB download on the HTTP API through S3 (303 to the same bytes)', async () => {
    const small = await request(`${server.url}/api/hello`);
    expect(await small.body.text()).toContain('hello from sluice');
    const response = await request(`${server.url}/api/download?mb=7`);
    await response.body.dump();
    expect(response.statusCode).toBe(303);
    const location = new URL(String(response.headers.location));
    expect(location.origin).toBe(s3.endpoint);
    expect(location.pathname).toMatch(new RegExp(`^/${BUCKET}/overflow/[0-9a-f-]{36}$`));
    const object = await request(location.href);
    const bytes = Buffer.from(await object.body.arrayBuffer());
    expect(bytes.length).toBe(7 * 1024 * 1024);
    const expected = createHash('sha256');
    for await (const chunk of csvDownloadStream(7)) expected.update(chunk);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(expected.digest('hex'));
    // The same download on the streaming doors is no overflow: 7 MiB streamed (limit 200 MiB).
    const streamed = await request(`${server.url}/prod/api/download?mb=7`);
    expect(streamed.statusCode).toBe(200);
    expect((await streamed.body.arrayBuffer()).byteLength).toBe(7 * 1024 * 1024);
  });

  it("renders Chromium's chat page through the Function URL while the answer streams", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(functionUrl());
      const prompt = 'Tell me about SAM templates';
      const outcome = await chat(page, prompt);
      const expected = localAnswer(prompt);
      expect(outcome.firstSeenText.length).toBeGreaterThan(0);
      expect(outcome.firstSeenText.length).toBeLessThan(expected.length);
      expect(outcome.finalText).toBe(expected);
      expect(outcome.status).toMatch(/^verified \(\d+ events, sha-256\)$/);
      expect(outcome.states).toEqual(['connecting', 'streaming', 'verified']);
      await page.screenshot({ path: `${ARTIFACTS}chat-template-function-url.png`, fullPage: true });
    } finally {
      await page.close();
    }
  });
});
