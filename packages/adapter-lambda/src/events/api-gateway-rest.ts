// API Gateway REST proxy events (v1). REST APIs stream with `responseTransferMode: STREAM`;
// HTTP API events in payload format 1.0 look alike but carry `version: '1.0'` and cannot.
import {
  isObject,
  optionalListMap,
  optionalObject,
  optionalString,
  optionalStringMap,
  requireMethod,
  requireString,
  TOKEN,
} from './event-fields.ts';
import { decodeBody } from './request-body.ts';
import {
  appendHeader,
  appendHeaders,
  createRequest,
  encodeQuery,
  type SignalSource,
} from './request-parts.ts';
import { buildUrl } from './request-url.ts';
import type { BufferedResponse, EventSource, EventV1, ResultV1 } from './types.ts';

/** Any event with an `httpMethod` that is neither ALB's nor payload 2.0 (checked apart). */
function matches(event: unknown): event is EventV1 {
  if (!isObject(event) || event.httpMethod === undefined) return false;
  const context = event.requestContext as { elb?: unknown } | null | undefined;
  return !isObject(context) || context.elb === undefined;
}

/**
 * Headers from both maps. AWS puts every value of a header in `multiValueHeaders` and its last
 * value in `headers`, so a name the multi-value map has is read from it alone (no value twice);
 * a name only `headers` has is read from there. Several `Cookie` headers join with `; `.
 */
export function copyHeaders(event: { headers?: unknown; multiValueHeaders?: unknown }): Headers {
  const headers = new Headers();
  const multi = optionalListMap(event.multiValueHeaders, 'multiValueHeaders');
  for (const name in multi) {
    const values = multi[name];
    if (!values || values.length === 0) continue;
    if (values.length > 1 && name.toLowerCase() === 'cookie') {
      appendHeader(headers, name, values.join('; '));
    } else {
      for (const value of values) appendHeader(headers, name, value);
    }
  }
  if (!multi) {
    appendHeaders(headers, event.headers, 'headers');
    return headers;
  }
  const single = optionalStringMap(event.headers, 'headers');
  for (const name in single) {
    const value = single[name];
    // `has` throws on a name no client could send; such a header is dropped as in appendHeader.
    if (value != null && TOKEN.test(name) && !headers.has(name)) {
      appendHeader(headers, name, value);
    }
  }
  return headers;
}

/** REST and ALB events share a shape; they differ in host and in how the query arrives. */
export function proxyEventRequest(
  event: Omit<EventV1, 'requestContext'>,
  domainName: string | undefined,
  encodeQueryPart: (part: string) => string,
  signals: SignalSource,
): Request {
  const method = requireMethod(event.httpMethod, 'httpMethod');
  const path = requireString(event.path, 'path');
  const headers = copyHeaders(event);
  const query = encodeQuery(event, encodeQueryPart);
  const url = buildUrl(headers, domainName, path, query);
  const body = decodeBody(method, event.body, event.isBase64Encoded);
  return createRequest(url, method, headers, body, signals);
}

/** Every header as a one-value list, every cookie under `set-cookie`. */
export function toMultiValueHeaders(response: BufferedResponse): Record<string, string[]> {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const name in response.headers) multiValueHeaders[name] = [response.headers[name]!];
  if (response.cookies.length > 0) multiValueHeaders['set-cookie'] = response.cookies;
  return multiValueHeaders;
}

function toRequest(event: EventV1, signals: SignalSource): Request {
  const context = optionalObject(event.requestContext, 'requestContext');
  const domainName = optionalString(context?.domainName, 'requestContext.domainName');
  return proxyEventRequest(event, domainName, encodeURIComponent, signals);
}

/** Multi-value headers whenever the event had them (REST always does): cookies stay apart. */
function toResult(event: EventV1, response: BufferedResponse): ResultV1 {
  const base = {
    statusCode: response.status,
    body: response.body,
    isBase64Encoded: response.isBase64Encoded,
  };
  if (!event.multiValueHeaders && response.cookies.length <= 1) {
    const headers = { ...response.headers };
    if (response.cookies[0] !== undefined) headers['set-cookie'] = response.cookies[0];
    return { ...base, headers };
  }
  return { ...base, multiValueHeaders: toMultiValueHeaders(response) };
}

export const apiGatewayRestSource: EventSource<EventV1> = {
  name: 'API Gateway REST (payload 1.0)',
  matches,
  cannotStream: (event) => (event.version === '1.0' ? 'HTTP API (payload 1.0)' : undefined),
  toRequest,
  toResult,
};
