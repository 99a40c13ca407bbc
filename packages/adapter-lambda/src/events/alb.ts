// Application Load Balancer events. ALB cannot stream. Query parameters arrive as the client
// sent them (ALB does not decode them), so they are joined back without re-encoding.

import { proxyEventRequest, toMultiValueHeaders } from './api-gateway-rest.ts';
import { isObject } from './event-fields.ts';
import type { SignalSource } from './request-parts.ts';
import { statusDescription } from './status-text.ts';
import type { AlbEvent, AlbResult, BufferedResponse, EventSource } from './types.ts';

/** ALB's mark is `requestContext.elb`; every other field is checked when read. */
function matches(event: unknown): event is AlbEvent {
  return isObject(event) && isObject(event.requestContext) && isObject(event.requestContext.elb);
}

const keepAsSent = (part: string): string => part;

function toRequest(event: AlbEvent, signals: SignalSource): Request {
  return proxyEventRequest(event, undefined, keepAsSent, signals);
}

/**
 * With multi-value headers enabled on the target group every cookie is sent; without, ALB takes
 * one value per name, so only the first cookie can go out (and a warning says why).
 */
function toResult(event: AlbEvent, response: BufferedResponse): AlbResult {
  const base = {
    statusCode: response.status,
    statusDescription: statusDescription(response.status),
    body: response.body,
    isBase64Encoded: response.isBase64Encoded,
  };
  if (event.multiValueHeaders) {
    return { ...base, multiValueHeaders: toMultiValueHeaders(response) };
  }
  const headers = { ...response.headers };
  const [firstCookie] = response.cookies;
  if (firstCookie !== undefined) headers['set-cookie'] = firstCookie;
  if (response.cookies.length > 1) {
    console.warn(
      `[sluice] ALB without multi-value headers can send one Set-Cookie; dropped ${response.cookies.length - 1}. Enable lambda.multi_value_headers.enabled on the target group.`,
    );
  }
  return { ...base, headers };
}

export const albSource: EventSource<AlbEvent> = {
  name: 'ALB',
  matches,
  cannotStream: () => 'ALB',
  toRequest,
  toResult,
};
