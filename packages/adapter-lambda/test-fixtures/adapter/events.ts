// Lambda events as AWS sends them, typed with @types/aws-lambda so shapes stay honest.
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  Context,
  LambdaFunctionURLEvent,
} from 'aws-lambda';

const TIME = '25/Nov/2026:12:00:00 +0000';

export function functionUrlEvent(
  overrides: Partial<LambdaFunctionURLEvent> & { method?: string } = {},
): LambdaFunctionURLEvent {
  const { method = 'GET', ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { host: 'abcdefg.lambda-url.us-east-1.on.aws', 'x-forwarded-proto': 'https' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefg',
      domainName: 'abcdefg.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abcdefg',
      http: {
        method,
        path: rest.rawPath ?? '/',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'curl/8',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: TIME,
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
    ...rest,
  };
}

export function httpApiEvent(
  overrides: Partial<APIGatewayProxyEventV2> & { method?: string } = {},
): APIGatewayProxyEventV2 {
  const base = functionUrlEvent(overrides);
  return {
    ...base,
    requestContext: {
      ...base.requestContext,
      apiId: 'r2d2c3po',
      domainName: 'r2d2c3po.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'r2d2c3po',
    },
  };
}

export function restEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/{proxy+}',
    path: '/',
    httpMethod: 'GET',
    headers: { Host: 'r2d2c3po.execute-api.us-east-1.amazonaws.com' },
    multiValueHeaders: { Host: ['r2d2c3po.execute-api.us-east-1.amazonaws.com'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'r2d2c3po',
      authorizer: undefined,
      domainName: 'r2d2c3po.execute-api.us-east-1.amazonaws.com',
      httpMethod: overrides.httpMethod ?? 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.9',
        user: null,
        userAgent: 'curl/8',
        userArn: null,
      },
      path: `/prod${overrides.path ?? '/'}`,
      protocol: 'HTTP/1.1',
      requestId: 'req-1',
      requestTimeEpoch: 1_795_000_000_000,
      resourceId: 'abc123',
      resourcePath: '/{proxy+}',
      stage: 'prod',
    },
    ...overrides,
  };
}

/** HTTP API with payload format 1.0: a REST-like event with `version: '1.0'`. */
export function httpApiV1Event(
  overrides: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  return { ...restEvent(overrides), version: '1.0' } as APIGatewayProxyEvent;
}

export function albEvent(overrides: Partial<ALBEvent> = {}): ALBEvent {
  return {
    requestContext: {
      elb: {
        targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/abc',
      },
    },
    httpMethod: 'GET',
    path: '/',
    queryStringParameters: {},
    headers: { host: 'alb.example.com', 'x-forwarded-proto': 'https' },
    body: '',
    isBase64Encoded: false,
    ...overrides,
  };
}

export function albMultiValueEvent(overrides: Partial<ALBEvent> = {}): ALBEvent {
  const { headers: _h, queryStringParameters: _q, ...base } = albEvent();
  return {
    ...base,
    multiValueHeaders: { host: ['alb.example.com'], 'x-forwarded-proto': ['https'] },
    multiValueQueryStringParameters: {},
    ...overrides,
  };
}

/** A Lambda context whose deadline is `remainingMs` from its creation. */
export function lambdaContext(remainingMs = 30_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
    memoryLimitInMB: '128',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/fn',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
