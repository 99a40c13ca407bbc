// The event and result shapes this package reads and writes: the subset of `@types/aws-lambda`
// (APIGatewayProxyEventV2, APIGatewayProxyEvent, ALBEvent and their results) that matters here,
// declared locally so the public types need no extra package.

import type { SignalSource } from './request-parts.ts';

type StringMap = Record<string, string | undefined>;
type MultiMap = Record<string, string[] | undefined>;

/** Function URL and HTTP API events, payload format 2.0. */
export interface EventV2 {
  version?: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: StringMap;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { domainName?: string; http: { method: string } };
}

/** API Gateway REST proxy events (and HTTP API payload format 1.0). */
export interface EventV1 {
  version?: string;
  httpMethod: string;
  path: string;
  headers?: StringMap | null;
  multiValueHeaders?: MultiMap | null;
  queryStringParameters?: StringMap | null;
  multiValueQueryStringParameters?: MultiMap | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { domainName?: string };
}

/** Application Load Balancer target events. */
export interface AlbEvent {
  httpMethod: string;
  path: string;
  headers?: StringMap;
  multiValueHeaders?: MultiMap;
  queryStringParameters?: StringMap;
  multiValueQueryStringParameters?: MultiMap;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: { elb: { targetGroupArn?: string } };
}

export type LambdaHttpEvent = EventV2 | EventV1 | AlbEvent;

export interface ResultV2 {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

export interface ResultV1 {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export interface AlbResult extends ResultV1 {
  statusDescription: string;
}

export type LambdaHttpResult = ResultV2 | ResultV1 | AlbResult;

/** A response already read into memory, ready to be shaped into a source's result. */
export interface BufferedResponse {
  status: number;
  /** Lower-case names, single strings, without `set-cookie` and hop-by-hop headers. */
  headers: Record<string, string>;
  cookies: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** One event source: how to recognise its events, read them, and answer them buffered. */
export interface EventSource<E extends LambdaHttpEvent = LambdaHttpEvent> {
  readonly name: string;
  matches(event: unknown): event is E;
  /** The integration's name when AWS cannot stream it (HTTP API, ALB), else undefined. */
  cannotStream(event: E): string | undefined;
  toRequest(event: E, signals: SignalSource): Request;
  toResult(event: E, response: BufferedResponse): LambdaHttpResult;
}
