// Helpers shared by the Invoke API tests (not part of the package API).
import { fileURLToPath } from 'node:url';
import { LambdaClient } from '@aws-sdk/client-lambda';

export const INVOKE_APP = fileURLToPath(new URL('./fixtures/invoke-app.mjs', import.meta.url));

/** AWS's own client, pointed at the dev server, with throwaway credentials and no retries. */
export function lambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

export const utf8 = (bytes: Uint8Array | undefined): string =>
  bytes ? Buffer.from(bytes).toString('utf8') : '';

export const payload = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
