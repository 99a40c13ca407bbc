// Function URL and HTTP API events (payload format 2.0). Only Function URLs can stream.

import {
  isObject,
  optionalString,
  optionalStringList,
  requireMethod,
  requireString,
} from './event-fields.ts';
import { decodeBody } from './request-body.ts';
import {
  appendHeaders,
  createRequest,
  type SignalSource,
  setCookieHeader,
} from './request-parts.ts';
import { buildUrl } from './request-url.ts';
import type { BufferedResponse, EventSource, EventV2, ResultV2 } from './types.ts';

/** Payload 2.0's mark is `requestContext.http`; every other field is checked when read. */
function matches(event: unknown): event is EventV2 {
  return isObject(event) && isObject(event.requestContext) && isObject(event.requestContext.http);
}

/** HTTP API on its default domain; a custom domain cannot be told apart from a Function URL. */
function isHttpApi(event: EventV2): boolean {
  const domainName: unknown = event.requestContext.domainName;
  return typeof domainName === 'string' && domainName.includes('.execute-api.');
}

function toRequest(event: EventV2, signals: SignalSource): Request {
  const method = requireMethod(event.requestContext.http.method, 'requestContext.http.method');
  const domainName = optionalString(event.requestContext.domainName, 'requestContext.domainName');
  const path = requireString(event.rawPath, 'rawPath');
  const query = optionalString(event.rawQueryString, 'rawQueryString') ?? '';
  const headers = new Headers();
  appendHeaders(headers, event.headers, 'headers');
  setCookieHeader(headers, optionalStringList(event.cookies, 'cookies'));
  const url = buildUrl(headers, domainName, path, query);
  const body = decodeBody(method, event.body, event.isBase64Encoded);
  return createRequest(url, method, headers, body, signals);
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
