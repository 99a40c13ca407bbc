// The Lambda bundle's buffered handler (`index.bufferedHandler`: handle() + s3Overflow, behind
// the HTTP API in template.yaml) under aws-lambda-ric in the dev server. Small bodies come back
// whole; a body over Lambda's 6 MB buffered limit goes to S3 through the AWS SDK bundled into
// the bundle (lib-storage multipart upload, presigned GET), and the 303 leads to the same
// bytes. The bundle runs from a folder without node_modules, so nothing may be left external.
// S3 is s3rver, a real S3-speaking server (the same local S3 the adapter's tests use).
import { createHash } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalS3,
  S3RVER_SECRET,
  startLocalS3,
} from '../../../packages/adapter-lambda/test-fixtures/adapter/local-s3.ts';
import { csvDownloadStream } from '../src/stream/csv-download.ts';
import { startLambda, type Target, TEST_ENV } from './support/targets.ts';

const BUCKET = 'sluice-demo-overflow';
let s3: LocalS3;
let buffered: Target;

const storedKeys = async () => {
  const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((object) => object.Key);
};

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  const env = {
    ...TEST_ENV,
    OVERFLOW_BUCKET: BUCKET,
    // The SDK's own settings, as on AWS (there the role's credentials come the same way).
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: S3RVER_SECRET,
  };
  buffered = await startLambda('ric', env, 'bufferedHandler');
});

afterAll(async () => {
  await buffered?.close();
  await s3?.close();
});

async function get(url: string) {
  const response = await request(url);
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

async function sha256(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

describe('the buffered Lambda handler (HTTP API) with its S3 overflow', () => {
  it('answers a small body itself, S3 untouched', async () => {
    const response = await get(`${buffered.url}/api/hello`);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('hello from sluice');
    expect(await storedKeys()).toEqual([]);
  });

  it('sends a 7 MiB download through S3: 303 to a presigned URL with the same bytes', async () => {
    const response = await get(`${buffered.url}/api/download?mb=7`);
    expect(response.status).toBe(303);
    expect(response.body.length).toBe(0);
    const location = new URL(String(response.headers.location));
    expect(location.origin).toBe(s3.endpoint);
    expect(location.pathname).toMatch(new RegExp(`^/${BUCKET}/overflow/[0-9a-f-]{36}$`));
    expect(location.searchParams.get('X-Amz-Credential')).toMatch(/^S3RVER\//);
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('60');

    const object = await get(location.href);
    expect(object.status).toBe(200);
    expect(object.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(object.body.length).toBe(7 * 1024 * 1024);
    const hash = createHash('sha256').update(object.body).digest('hex');
    expect(hash).toBe(await sha256(csvDownloadStream(7)));
    // The object itself, as the bundled SDK stored it (lib-storage's multipart path is proven
    // part by part in adapter-lambda's s3Overflow tests).
    const key = location.pathname.slice(`/${BUCKET}/`.length);
    expect(await storedKeys()).toEqual([key]);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(7 * 1024 * 1024);
    expect(head.ContentType).toBe('text/csv; charset=utf-8');
  });
});
