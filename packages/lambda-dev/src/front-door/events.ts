import { ACCOUNT_ID } from '../runtime-pool/runtime-env.ts';
import { clfTime, encodeBody, headerValue, queryValues, type RequestInfo } from './request-info.ts';

const API_ID = 'sluicedev';

/**
 * The API Gateway route a request matched (template mode). Without one, events carry the single
 * handler's defaults: the Function URL's `$default`, REST's `/{proxy+}` on stage `dev`.
 */
export interface EventRoute {
  apiId: string;
  /** Path template of the route (`/items/{id}`), or `$default`. */
  resource: string;
  /** The route's method, `ANY` included (HTTP API's routeKey carries it). */
  method: string;
  stage: string;
  /** The request path below the stage prefix, still percent-encoded. */
  rawPath: string;
  /** Decoded path variables; empty when the route has none. */
  pathParameters: Record<string, string>;
}

function routePathParameters(route: EventRoute): Record<string, string> | undefined {
  return Object.keys(route.pathParameters).length > 0 ? route.pathParameters : undefined;
}

/**
 * A payload format 2.0 event, cookies split out of headers: a Function URL's (`$default` route),
 * or with `route` an HTTP API's (routeKey, stage, pathParameters).
 */
export function functionUrlEvent(info: RequestInfo, route?: EventRoute): Record<string, unknown> {
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
  const routeKey =
    route && route.resource !== '$default' ? `${route.method} ${route.resource}` : '$default';
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
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
  const pathParameters = route && routePathParameters(route);
  if (pathParameters) event.pathParameters = pathParameters;
  event.requestContext = {
    accountId: route ? ACCOUNT_ID : 'anonymous',
    apiId: route?.apiId ?? API_ID,
    domainName: info.domainName,
    domainPrefix: domainPrefix(info.domainName),
    http: {
      method: info.method,
      path: info.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: info.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: info.requestId,
    routeKey,
    stage: route?.stage ?? '$default',
    time: clfTime(info.time),
    timeEpoch: info.time.getTime(),
  };
  if (info.body.length > 0) Object.assign(event, encodeBody(info.body, headers['content-type']));
  else event.isBase64Encoded = false;
  return event;
}

/**
 * An API Gateway REST proxy event (v1): for a `{proxy+}` resource on stage `dev`, or with `route`
 * for the matched resource, its stage and its path variables.
 */
export function restProxyEvent(info: RequestInfo, route?: EventRoute): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of info.headers) {
    headers[name] = value;
    const list = multiValueHeaders[name];
    if (list) list.push(value);
    else multiValueHeaders[name] = [value];
  }
  const query = queryValues(info.rawQueryString);
  const path = safeDecode(route?.rawPath ?? info.rawPath);
  const proxy = path.replace(/^\/+/, '');
  const pathParameters = route
    ? (routePathParameters(route) ?? null)
    : proxy === ''
      ? null
      : { proxy };
  const resource = route?.resource ?? '/{proxy+}';
  const stage = route?.stage ?? 'dev';
  const hasHeaders = info.headers.length > 0;
  return {
    resource,
    path,
    httpMethod: info.method,
    headers: hasHeaders ? headers : null,
    multiValueHeaders: hasHeaders ? multiValueHeaders : null,
    queryStringParameters:
      query.size > 0 ? Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]])) : null,
    multiValueQueryStringParameters: query.size > 0 ? Object.fromEntries(query) : null,
    pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: 'dev000',
      resourcePath: resource,
      httpMethod: info.method,
      extendedRequestId: info.requestId,
      requestTime: clfTime(info.time),
      path: `/${stage}${path}`,
      accountId: ACCOUNT_ID,
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: domainPrefix(info.domainName),
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
      domainName: info.domainName,
      apiId: route?.apiId ?? API_ID,
    },
    ...(info.body.length > 0
      ? encodeBody(info.body, headerValue(info, 'content-type'))
      : { body: null, isBase64Encoded: false }),
  };
}

/** The first label of the domain, without the port (a Function URL's is its url-id). */
function domainPrefix(domainName: string): string {
  return domainName.replace(/:\d+$/, '').split('.')[0] ?? '';
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
