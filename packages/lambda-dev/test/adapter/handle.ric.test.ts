// handle() under the real aws-lambda-ric in the dev server (Function URL, BUFFERED mode and
// API Gateway REST), including the 6 MB guard and S3 overflow against a real local S3 server.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../adapter-lambda/test-fixtures/adapter/app.ts';
import {
  type BundledHandler,
  bundleHandler,
} from '../../../adapter-lambda/test-fixtures/adapter/bundle.ts';
import {
  type LocalS3,
  startLocalS3,
} from '../../../adapter-lambda/test-fixtures/adapter/local-s3.ts';
import { BIG_CHUNK, bigChunk } from '../../../adapter-lambda/test-fixtures/adapter/payloads.ts';
import {
  expectSameResponse,
  fetchDirect,
  fetchRaw,
  type Harness,
  startHarness,
} from '../harness.ts';

const BUCKET = 'sluice-ric-overflow';
const app = createTestApp();
let bundle: BundledHandler;
let s3: LocalS3;
let url: Harness;
let rest: Harness;

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  const endpoint = s3.endpoint;
  bundle = await bundleHandler(`
    import { S3Client } from '@aws-sdk/client-s3';
    import { handle } from '@sluice/adapter-lambda';
    import { s3Overflow } from '@sluice/adapter-lambda/s3';
    import { createTestApp } from '#test-app';
    const app = createTestApp();
    export const handler = handle(app);
    const client = new S3Client({
      endpoint: process.env.TEST_S3_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    export const overflow = handle(app, {
      overflow: s3Overflow({ client, bucket: '${BUCKET}', prefix: 'ric/', expiresIn: 90 }),
    });
  `);
  const env = { TEST_S3_ENDPOINT: endpoint };
  [url, rest] = await Promise.all([
    startHarness({ handler: bundle.file, mode: 'url', timeoutSec: 60, env }),
    startHarness({ handler: bundle.file, export: 'overflow', mode: 'rest', timeoutSec: 60, env }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([url?.close(), rest?.close()]);
  await bundle?.remove();
  await s3?.close();
});

describe('handle under aws-lambda-ric: byte-identical to app.fetch', () => {
  it.each([
    ['url', '/text'],
    ['url', '/json'],
    ['url', '/redirect'],
    ['url', '/empty'],
    ['url', '/cookies'],
    ['url', '/png'],
    ['url', '/gzip'],
    ['url', '/throw'],
    ['rest', '/cookies'],
    ['rest', '/png'],
    ['rest', '/gzip'],
  ])('%s %s', async (mode, path) => {
    const harness = mode === 'url' ? url : rest;
    const direct = await fetchDirect(app, path);
    const lambda = await fetchRaw(harness.server.url + path);
    expectSameResponse(lambda, direct);
  });
});

describe('handle under aws-lambda-ric: over 6 MB', () => {
  it('answers a clear 500 JSON instead of the runtime failing', async () => {
    const lambda = await fetchRaw(`${url.server.url}/big?mb=7`);
    expect(lambda.status).toBe(500);
    const { error } = JSON.parse(lambda.body.toString());
    expect(error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      size: 7 * 1024 * 1024,
      limit: 6 * 1024 * 1024,
    });
    // …and says why in the function's log.
    await url.waitForLog(
      (e) => e.kind === 'runtime' && e.line.includes('Response is 7340032 bytes'),
    );
  });

  it('with s3Overflow: 303 to a presigned URL that serves the same bytes', async () => {
    const lambda = await fetchRaw(`${rest.server.url}/big?mb=7`);
    expect(lambda.status).toBe(303);
    const location = String(lambda.headers.location);
    expect(new URL(location).pathname).toMatch(new RegExp(`^/${BUCKET}/ric/`));
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('90');
    const object = await fetchRaw(location);
    expect(object.status).toBe(200);
    const expected = createHash('sha256');
    for (let i = 0; i < (7 * 1024 * 1024) / BIG_CHUNK; i++) expected.update(bigChunk(i));
    expect(createHash('sha256').update(object.body).digest('hex')).toBe(expected.digest('hex'));
  }, 60_000);
});
