// s3Overflow against a real S3-speaking server (s3rver) started here; the 303 is followed with
// a real HTTP client. s3rver does not check signatures, so the URL's signature is recomputed
// independently below.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../test-fixtures/adapter/app.ts';
import { httpApiEvent, restEvent } from '../../test-fixtures/adapter/events.ts';
import { type LocalS3, S3RVER_SECRET, startLocalS3 } from '../../test-fixtures/adapter/local-s3.ts';
import { BIG_CHUNK, bigChunk } from '../../test-fixtures/adapter/payloads.ts';
import type { ResultV1, ResultV2 } from '../events/types.ts';
import { handle } from './handle.ts';
import { s3Overflow } from './s3-overflow.ts';

const BUCKET = 'sluice-overflow-test';
let s3: LocalS3;
let client: S3Client;
/** Every S3 command the client sent, in order. */
const commands: string[] = [];

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  client = s3.client;
  client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize' },
  );
});

afterAll(() => s3?.close());

async function fetchRaw(url: string) {
  const response = await request(url);
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

describe('s3Overflow', () => {
  it('streams a 12 MiB body to S3 (multipart) and answers 303 to the same bytes', async () => {
    const handler = handle(createTestApp(), {
      overflow: s3Overflow({ client, bucket: BUCKET, prefix: 'big/', expiresIn: 120 }),
    });
    commands.length = 0;
    const result = (await handler(
      httpApiEvent({ rawPath: '/big', rawQueryString: 'mb=12' }),
    )) as ResultV2;
    expect(commands).toEqual([
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'CompleteMultipartUploadCommand',
      'GetObjectCommand', // presigned, not sent
    ]);
    expect(result.statusCode).toBe(303);
    expect(result.body).toBe('');
    expect(result.headers['cache-control']).toBe('no-store');
    const location = new URL(result.headers.location!);
    expect(location.pathname).toMatch(new RegExp(`^/${BUCKET}/big/[0-9a-f-]{36}$`));

    const got = await fetchRaw(location.href);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    const expected = createHash('sha256');
    for (let i = 0; i < (12 * 1024 * 1024) / BIG_CHUNK; i++) expected.update(bigChunk(i));
    expect(got.body.length).toBe(12 * 1024 * 1024);
    expect(createHash('sha256').update(got.body).digest('hex')).toBe(expected.digest('hex'));
  });

  it('keeps Content-Type and Content-Encoding on the object and cookies on the 303 (REST v1)', async () => {
    const gzipped = gzipSync(randomBytes(3000));
    const handler = handle(
      () => {
        const headers = new Headers({
          'content-type': 'text/plain; charset=utf-8',
          'content-encoding': 'gzip',
        });
        headers.append('set-cookie', 'a=1');
        headers.append('set-cookie', 'b=2');
        return new Response(new Uint8Array(gzipped), { headers });
      },
      { maxResultBytes: 2000, overflow: s3Overflow({ client, bucket: BUCKET }) },
    );
    const result = (await handler(restEvent())) as ResultV1;
    expect(result.statusCode).toBe(303);
    expect(result.multiValueHeaders?.['set-cookie']).toEqual(['a=1', 'b=2']);
    const location = result.multiValueHeaders?.location?.[0];
    expect(location).toMatch(/\/sluice-overflow\//);
    const got = await fetchRaw(location!);
    expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(got.headers['content-encoding']).toBe('gzip');
    expect(got.body).toEqual(gzipped);
  });

  it('presigns a GET that expires when asked and signs only host (signature recomputed)', async () => {
    const handler = handle(() => new Response('x'.repeat(5000)), {
      maxResultBytes: 1000,
      overflow: s3Overflow({ client, bucket: BUCKET, prefix: 'sig/', expiresIn: 300 }),
    });
    const result = (await handler(httpApiEvent())) as ResultV2;
    const url = new URL(result.headers.location!);
    const q = url.searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Expires')).toBe('300');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    const amzDate = q.get('X-Amz-Date')!;
    const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
    expect(q.get('X-Amz-Credential')).toBe(`S3RVER/${scope}`);
    expect(
      Math.abs(
        Date.parse(
          amzDate.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z'),
        ) - Date.now(),
      ),
    ).toBeLessThan(60_000);
    expect(q.get('X-Amz-Signature')).toBe(sigV4QuerySignature(url, amzDate, scope));
    expect((await fetchRaw(url.href)).body.toString()).toBe('x'.repeat(5000));
  });

  it('answers 500 JSON when the upload fails, and logs why', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handler = handle(() => new Response('x'.repeat(5000)), {
      maxResultBytes: 1000,
      overflow: s3Overflow({ client, bucket: 'no-such-bucket-here', expiresIn: 60 }),
    });
    const result = (await handler(httpApiEvent())) as ResultV2;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body).error.code).toBe('OVERFLOW_FAILED');
    expect(spy).toHaveBeenCalledWith('[sluice] overflow failed:', expect.anything());
    spy.mockRestore();
  });
});

/** AWS Signature V4 for a presigned S3 GET, computed from the spec, not from the SDK. */
function sigV4QuerySignature(url: URL, amzDate: string, scope: string): string {
  const params = [...url.searchParams].filter(([name]) => name !== 'X-Amz-Signature');
  const rfc3986 = (s: string) =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const query = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    'GET',
    url.pathname,
    query,
    `host:${url.host}`,
    '',
    'host',
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const hmac = (key: string | Buffer, data: string) =>
    createHmac('sha256', key).update(data).digest();
  const [date, region, service] = scope.split('/') as [string, string, string];
  const key = hmac(hmac(hmac(hmac(`AWS4${S3RVER_SECRET}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
