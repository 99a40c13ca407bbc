// Overflow to S3: the body streams into an object (multipart for large bodies) and the client
// gets `303 See Other` to a presigned GET URL. Public only through `@sluice/adapter-lambda/s3`,
// so only handlers that import it bundle the AWS SDK (optional peers). Even then the SDK and the
// Node built-ins it needs are loaded on the first overflow, not at cold start.

import type { S3Client } from '@aws-sdk/client-s3';
import type { OverflowHandler } from './overflow.ts';

export interface S3OverflowOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix, e.g. `overflow/`. Default `sluice-overflow/`. */
  prefix?: string;
  /** Lifetime of the presigned URL in seconds. Default 60. */
  expiresIn?: number;
  /** Multipart part size in bytes (minimum 5 MiB). Default 5 MiB. */
  partSize?: number;
}

const KEPT_AS_METADATA = {
  'content-type': 'ContentType',
  'content-encoding': 'ContentEncoding',
  'content-disposition': 'ContentDisposition',
  'content-language': 'ContentLanguage',
  'cache-control': 'CacheControl',
} as const;

export function s3Overflow(options: S3OverflowOptions): OverflowHandler {
  const prefix = options.prefix ?? 'sluice-overflow/';
  const expiresIn = options.expiresIn ?? 60;
  return async ({ response, body }) => {
    const [{ Upload }, { GetObjectCommand }, { getSignedUrl }] = await Promise.all([
      import('@aws-sdk/lib-storage'),
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/s3-request-presigner'),
    ]);
    const { randomUUID } = process.getBuiltinModule('node:crypto');
    const { Readable } = process.getBuiltinModule('node:stream');
    const key = `${prefix}${randomUUID()}`;
    const params: Record<string, unknown> = {
      Bucket: options.bucket,
      Key: key,
      Body: Readable.from(body, { objectMode: false }),
    };
    for (const [header, field] of Object.entries(KEPT_AS_METADATA)) {
      const value = response.headers.get(header);
      if (value !== null) params[field] = value;
    }
    const upload = new Upload({
      client: options.client,
      params: params as unknown as ConstructorParameters<typeof Upload>[0]['params'],
      ...(options.partSize ? { partSize: options.partSize } : {}),
    });
    await upload.done();
    const command = new GetObjectCommand({ Bucket: options.bucket, Key: key });
    const location = await getSignedUrl(options.client, command, { expiresIn });
    const headers = new Headers({ location, 'cache-control': 'no-store' });
    for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
    return new Response(null, { status: 303, headers });
  };
}
