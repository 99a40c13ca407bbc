import type { ResolvedOptions } from '../options.ts';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '123456789012';

export function functionArn(options: ResolvedOptions): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${options.functionName}`;
}

/** Host variables a function may reasonably need locally; everything else is Lambda's. */
const INHERITED = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SystemRoot'];

/**
 * The environment of one runtime process, as Lambda sets it (the variables aws-lambda-ric
 * refuses to start without included), plus the caller's `env`.
 */
export function runtimeEnv(
  options: ResolvedOptions,
  runtimeApi: string,
  runtimeId: number,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    LAMBDA_TASK_ROOT: options.taskRoot,
    _HANDLER: `${options.moduleName}.${options.exportName}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `dev/[$LATEST]runtime-${runtimeId}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    TZ: ':UTC',
    NODE_ENV: process.env.NODE_ENV ?? 'development',
  });
  if (options.concurrency > 1) {
    // aws-lambda-ric's multi-concurrency mode (Lambda Managed Instances): one worker polling
    // /next without waiting; its JS HTTP client for /next keeps the native one free for posts.
    env.AWS_LAMBDA_MAX_CONCURRENCY = String(options.concurrency);
    env.AWS_LAMBDA_NODEJS_WORKER_COUNT = '1';
    env.AWS_LAMBDA_NODEJS_USE_ALTERNATIVE_CLIENT_1 = 'true';
  }
  return Object.assign(env, options.env);
}
