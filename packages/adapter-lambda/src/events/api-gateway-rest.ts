// API Gateway REST proxy events (v1). REST APIs stream with `responseTransferMode: STREAM`;
// HTTP API events in payload format 1.0 look alike but carry `version: '1.0'` and cannot.

import {
  appendHeader,
  appendHeaders,
  buildUrl,
  createRequest,
  decodeBody,
  encodeQuery,
  type SignalSource,
} from './request-parts.ts';
import type { BufferedResponse, EventSource, EventV1, ResultV1 } from './types.ts';

function matches(event: unknown): event is EventV1 {
  const e = event as Partial<EventV1> & { requestContext?: { elb?: unknown } };
  return typeof e?.httpMethod === 'string' && typeof e.path === 'string' && !e.requestContext?.elb;
}

/** Copies headers, preferring the multi-value form; several `Cookie` headers join with `; `. */
export function copyHeaders(
  event: Pick<EventV1, 'headers' | 'multiValueHeaders'>,
  headers: Headers,
): void {
  const multi = event.multiValueHeaders;
  if (multi) {
    for (const name in multi) {
      const values = multi[name];
      if (!values || values.length === 0) continue;
      if (values.length > 1 && name.toLowerCase() === 'cookie') {
        appendHeader(headers, name, values.join('; '));
      } else {
        for (const value of values) appendHeader(headers, name, value);
      }
    }
    return;
  }
  appendHeaders(headers, event.headers);
}

type ProxyEvent = Omit<EventV1, 'requestContext'>;

/** REST and ALB events share a shape; they differ in host and in how the query arrives. */
export function proxyEventRequest(
  event: ProxyEvent,
  host: string | undefined,
  encodeQueryPart: (part: string) => string,
  signals: SignalSource,
): Request {
  const headers = new Headers();
  copyHeaders(event, headers);
  const query = encodeQuery(
    event.multiValueQueryStringParameters,
    event.queryStringParameters,
    encodeQueryPart,
  );
  const url = buildUrl(headers, host, event.path, query);
  const body = decodeBody(event.httpMethod, event.body, event.isBase64Encoded);
  return createRequest(url, event.httpMethod, headers, body, signals);
}

/** Every header as a one-value list, every cookie under `set-cookie`. */
export function toMultiValueHeaders(response: BufferedResponse): Record<string, string[]> {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const name in response.headers) multiValueHeaders[name] = [response.headers[name]!];
  if (response.cookies.length > 0) multiValueHeaders['set-cookie'] = response.cookies;
  return multiValueHeaders;
}

function toRequest(event: EventV1, signals: SignalSource): Request {
  return proxyEventRequest(event, event.requestContext?.domainName, encodeURIComponent, signals);
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
