// What the README samples and the Lambda handler talk to: a throwaway redis-server and a local
// S3 (s3rver), started with the helpers the packages' own tests use.
import {
  S3RVER_SECRET,
  startLocalS3,
} from '../../../../packages/adapter-lambda/test-fixtures/adapter/local-s3.ts';
import { startRedisServer } from '../../../../packages/store-redis/test/redis-server.ts';

export interface Services {
  /** REDIS_URL, S3_ENDPOINT, S3_BUCKET, AWS credentials and region. */
  env: Record<string, string>;
  redisCommand(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export const BUCKET = 'sluice-outside-in';

export async function startServices(): Promise<Services> {
  const redis = await startRedisServer();
  const s3 = await startLocalS3([BUCKET]).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  return {
    env: {
      REDIS_URL: redis.url,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: BUCKET,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: S3RVER_SECRET,
    },
    redisCommand: (args) => redis.command(args),
    async stop() {
      await Promise.all([redis.stop(), s3.close()]);
    },
  };
}
