// The response stream both adapters write to in the benches: a Writable that completes every
// write at once and discards the bytes, plus the `setContentType` the real stream has.
import { Writable } from 'node:stream';
import { awslambdaCompat } from '../src/runtime/awslambda-compat.ts';

export function fakeResponseStream(): Writable & {
  bytes: number;
  setContentType(t: string): void;
} {
  const stream = new Writable({
    write(chunk: Uint8Array, _encoding, callback) {
      stream.bytes += chunk.byteLength;
      callback();
    },
  }) as Writable & { bytes: number; setContentType(t: string): void };
  stream.bytes = 0;
  stream.setContentType = () => {};
  return stream;
}

/** Hono's streamHandle needs the `awslambda` global; both adapters get the same one. */
export function installAwsLambdaGlobal(): void {
  (globalThis as { awslambda?: unknown }).awslambda = awslambdaCompat;
}

export function functionUrlEvent(rawPath = '/', rawQueryString = ''): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      host: 'abcdefg.lambda-url.us-east-1.on.aws',
      'x-forwarded-proto': 'https',
      'user-agent': 'bench',
      accept: '*/*',
    },
    requestContext: {
      domainName: 'abcdefg.lambda-url.us-east-1.on.aws',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9' },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
    },
    isBase64Encoded: false,
  };
}

export const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 60_000 };

/** CPU microseconds (user + system, all threads) spent in `run`. */
export async function cpuMicros(run: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}
