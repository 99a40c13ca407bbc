// Lambda entry, bundled by scripts/bundle-lambda.ts into dist/lambda/index.mjs.
// `handler`: response streaming (Function URL in RESPONSE_STREAM mode, API Gateway REST with
// responseTransferMode STREAM). `bufferedHandler`: HTTP API (no streaming there), with bodies
// over 6 MB sent through S3 (`OVERFLOW_BUCKET`).
import { handle, streamHandle } from '@sluice/adapter-lambda';
import { s3Overflow } from '@sluice/adapter-lambda/s3';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { nodePlatform } from './platform/node.ts';
import { createEventStore } from './store.ts';

const config = readConfig(process.env);
const platform = nodePlatform({ name: 'lambda' });
const { store } = await createEventStore(config.redisUrl);
const app = createApp({ config, platform, store });

export const handler = streamHandle(app);

type BufferedHandler = ReturnType<typeof handle>;
let buffered: Promise<BufferedHandler> | undefined;

export const bufferedHandler: BufferedHandler = async (event, context) => {
  buffered ??= createBufferedHandler();
  return (await buffered)(event, context);
};

async function createBufferedHandler(): Promise<BufferedHandler> {
  const bucket = process.env.OVERFLOW_BUCKET;
  if (!bucket) return handle(app);
  // Bundled, but evaluated only here: the streaming handler never pays for the SDK.
  const { S3Client } = await import('@aws-sdk/client-s3');
  const client = new S3Client();
  return handle(app, { overflow: s3Overflow({ client, bucket, prefix: 'overflow/' }) });
}
