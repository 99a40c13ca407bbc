import { ACCOUNT_ID } from '../runtime-pool/runtime-env.ts';
import { clfTime, encodeBody, headerValue, queryValues, type RequestInfo } from './request-info.ts';

const API_ID = 'sluicedev';

/** A Function URL event: payload format 2.0, `$default` route, cookies split out of headers. */
export function functionUrlEvent(info: RequestInfo): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of info.headers) {
    const key = name.toLowerCase();
    if (key === 'cookie') continue;
    headers[key] = headers[key] === undefined ? value : `${headers[key]},${value}`;
  }
  const cookieHeader = info.headers
    .filter(([name]) => name.toLowerCase() === 'cookie')
    .map(([, value]) => value)
    .join('; ');
  const cookies = cookieHeader === '' ? undefined : cookieHeader.split(/;\s*/).filter(Boolean);
  const query = queryValues(info.rawQueryString);
  const host = headers.host ?? '127.0.0.1';
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath: info.rawPath,
    rawQueryString: info.rawQueryString,
  };
  if (cookies) event.cookies = cookies;
  event.headers = headers;
  if (query.size > 0) {
    event.queryStringParameters = Object.fromEntries(
      [...query].map(([key, values]) => [key, values.join(',')]),
    );
  }
  event.requestContext = {
    accountId: 'anonymous',
    apiId: API_ID,
    domainName: host,
    domainPrefix: host.split('.')[0],
    http: {
      method: info.method,
      path: info.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: info.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: info.requestId,
    routeKey: '$default',
    stage: '$default',
    time: clfTime(info.time),
    timeEpoch: info.time.getTime(),
  };
  if (info.body.length > 0) Object.assign(event, encodeBody(info.body, headers['content-type']));
  else event.isBase64Encoded = false;
  return event;
}

/** An API Gateway REST proxy event (v1) for a `{proxy+}` resource on stage `dev`. */
export function restProxyEvent(info: RequestInfo): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of info.headers) {
    headers[name] = value;
    const list = multiValueHeaders[name];
    if (list) list.push(value);
    else multiValueHeaders[name] = [value];
  }
  const query = queryValues(info.rawQueryString);
  const host = headerValue(info, 'host') ?? '127.0.0.1';
  const path = safeDecode(info.rawPath);
  const proxy = path.replace(/^\/+/, '');
  const hasHeaders = info.headers.length > 0;
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: info.method,
    headers: hasHeaders ? headers : null,
    multiValueHeaders: hasHeaders ? multiValueHeaders : null,
    queryStringParameters:
      query.size > 0 ? Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]])) : null,
    multiValueQueryStringParameters: query.size > 0 ? Object.fromEntries(query) : null,
    pathParameters: proxy === '' ? null : { proxy },
    stageVariables: null,
    requestContext: {
      resourceId: 'dev000',
      resourcePath: '/{proxy+}',
      httpMethod: info.method,
      extendedRequestId: info.requestId,
      requestTime: clfTime(info.time),
      path: `/dev${path}`,
      accountId: ACCOUNT_ID,
      protocol: 'HTTP/1.1',
      stage: 'dev',
      domainPrefix: host.split('.')[0],
      requestTimeEpoch: info.time.getTime(),
      requestId: info.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: info.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: headerValue(info, 'user-agent') ?? null,
        user: null,
      },
      domainName: host,
      apiId: API_ID,
    },
    ...(info.body.length > 0
      ? encodeBody(info.body, headerValue(info, 'content-type'))
      : { body: null, isBase64Encoded: false }),
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
