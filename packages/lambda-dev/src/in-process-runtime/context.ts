import type { IncomingHttpHeaders } from 'node:http';

/** The handler's `context`, built from the /next headers and the Lambda environment. */
export function buildContext(headers: IncomingHttpHeaders): Record<string, unknown> {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const deadline = Number.parseInt(header('lambda-runtime-deadline-ms') ?? '', 10);
  if (Number.isNaN(deadline)) throw new Error('Invalid deadline timestamp');
  const json = (name: string): unknown => {
    const value = header(name);
    return value ? JSON.parse(value) : undefined;
  };
  const traceId = header('lambda-runtime-trace-id');
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  return {
    clientContext: json('lambda-runtime-client-context'),
    identity: json('lambda-runtime-cognito-identity'),
    invokedFunctionArn: header('lambda-runtime-invoked-function-arn'),
    awsRequestId: header('lambda-runtime-aws-request-id'),
    tenantId: header('lambda-runtime-aws-tenant-id'),
    xRayTraceId: traceId,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
}
