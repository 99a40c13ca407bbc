// Function URL and HTTP API events (payload format 2.0). Only Function URLs can stream.

import {
  appendHeaders,
  buildUrl,
  createRequest,
  decodeBody,
  type SignalSource,
  setCookieHeader,
} from './request-parts.ts';
import type { BufferedResponse, EventSource, EventV2, ResultV2 } from './types.ts';

function matches(event: unknown): event is EventV2 {
  const e = event as Partial<EventV2> | null;
  return typeof e?.rawPath === 'string' && typeof e.requestContext?.http === 'object';
}

/** HTTP API on its default domain; a custom domain cannot be told apart from a Function URL. */
function isHttpApi(event: EventV2): boolean {
  return event.requestContext.domainName?.includes('.execute-api.') === true;
}

function toRequest(event: EventV2, signals: SignalSource): Request {
  const method = event.requestContext.http.method;
  const headers = new Headers();
  appendHeaders(headers, event.headers);
  setCookieHeader(headers, event.cookies);
  const url = buildUrl(
    headers,
    event.requestContext.domainName,
    event.rawPath,
    event.rawQueryString ?? '',
  );
  return createRequest(
    url,
    method,
    headers,
    decodeBody(method, event.body, event.isBase64Encoded),
    signals,
  );
}

function toResult(_event: EventV2, response: BufferedResponse): ResultV2 {
  const result: ResultV2 = {
    statusCode: response.status,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: response.isBase64Encoded,
  };
  if (response.cookies.length > 0) result.cookies = response.cookies;
  return result;
}

export const functionUrlSource: EventSource<EventV2> = {
  name: 'Function URL / HTTP API (payload 2.0)',
  matches,
  cannotStream: (event) => (isHttpApi(event) ? 'HTTP API' : undefined),
  toRequest,
  toResult,
};
