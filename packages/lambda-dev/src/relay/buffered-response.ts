import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FunctionError, functionError } from '../errors.ts';
import type { DevLog } from '../log.ts';
import { readBody } from '../read-body.ts';
import type { Invocation } from '../runtime-api/invocation.ts';
import { isPreludeContentType } from '../runtime-api/prelude.ts';
import { isStreamedPost, trailerError } from '../runtime-api/response-post.ts';
import type { DevMode } from '../types.ts';
import { headProblem, isFinalStatus, MAX_STATUS, MIN_STATUS } from './head-check.ts';
import { buildHead, type ResponseHead } from './response-head.ts';
import { answerRuntime } from './stream-relay.ts';

export type BufferedOutput = { head: ResponseHead; body: Buffer } | { error: FunctionError };

/**
 * A whole result for the client: what a non-streaming handler returned (the runtime POSTs it as
 * JSON), or, behind a buffered front end, everything a streaming handler wrote. Buffered front
 * ends (a BUFFERED Function URL, an HTTP API, REST without STREAM) call Invoke, which collects a
 * streamed response up to the 6 MB cap and returns its bytes as they are, prelude included;
 * the front end then reads them as it reads any result.
 */
export async function receiveBuffered(
  req: IncomingMessage,
  res: ServerResponse,
  invocation: Invocation,
  limit: number,
  log: DevLog,
): Promise<void> {
  const streamed = isStreamedPost(req);
  let read: Awaited<ReturnType<typeof readBody>>;
  try {
    read = await readBody(req, limit);
  } catch {
    return; // runtime went away; its exit settles the invocation
  }
  if (read.overflow) {
    answerRuntime(res, 413, {
      errorMessage: `Exceeded maximum allowed payload size (${limit} bytes).`,
      errorType: 'RequestEntityTooLarge',
    });
    invocation.settle({
      kind: 'error',
      error: functionError(
        'Function.ResponseSizeTooLarge',
        `Response payload size (${read.size} bytes) exceeded maximum allowed payload size (${limit} bytes).`,
      ),
    });
    return;
  }
  answerRuntime(res, 202, { status: 'OK' });
  const failed = streamed ? trailerError(req) : undefined;
  if (failed) {
    invocation.settle({ kind: 'error', error: failed });
    return;
  }
  if (streamed && isPreludeContentType(req.headers['content-type'])) {
    warnPreludeNotRead(invocation, log);
  }
  try {
    answerClient(invocation, read.body);
  } catch (error) {
    // No result may end the dev server; this one fails its invocation.
    const why = `it could not be relayed: ${error}`;
    invocation.settle({ kind: 'error', error: invalidResult(invocation.mode, why).error });
  }
}

function answerClient(invocation: Invocation, result: Buffer): void {
  const mode = invocation.mode;
  const output = interpretBuffered(mode, result.toString('utf8'));
  if ('error' in output) {
    invocation.settle({ kind: 'error', error: output.error });
    return;
  }
  const head = invocation.streaming ? output.head : withContentLength(output.head, output.body);
  if (!invocation.client.start(head, false)) {
    invocation.settle({ kind: 'error', error: invalidResult(mode, 'its head was refused').error });
    return;
  }
  invocation.client.write(output.body);
  invocation.settle({ kind: 'ok' });
}

/**
 * A buffered front end knows the whole body, so it sends its length (API Gateway and Function
 * URLs do); never on 204 / 304, which have no body (RFC 9110 8.6).
 */
function withContentLength(head: ResponseHead, body: Buffer): ResponseHead {
  if (head.status === 204 || head.status === 304) return head;
  return {
    status: head.status,
    headers: { ...head.headers, 'content-length': String(body.length) },
  };
}

function warnPreludeNotRead(invocation: Invocation, log: DevLog): void {
  log.event({
    level: 'warn',
    requestId: invocation.id,
    ...(invocation.runtimeId === undefined ? {} : { runtimeId: invocation.runtimeId }),
    message:
      'The function streamed an HTTP response (awslambda.HttpResponseStream) behind a buffered ' +
      'front end (a BUFFERED Function URL, an HTTP API, or REST without STREAM): these call ' +
      'Invoke, which returns the streamed bytes as they are, prelude included, so they are not ' +
      'a response the front end can read. Use InvokeMode RESPONSE_STREAM or ' +
      'responseTransferMode: STREAM, or return the result instead of streaming it.',
  });
}

/**
 * Function URL (payload 2.0): `{statusCode, headers, cookies, body, isBase64Encoded}`, and any
 * other JSON is the body of a 200 application/json. REST (v1) accepts only the proxy shape.
 */
export function interpretBuffered(mode: DevMode, json: string): BufferedOutput {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: functionError('Runtime.InvalidResponse', 'Response is not valid JSON') };
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const doc = (isObject ? value : {}) as Record<string, unknown>;
  if (!isObject || !('statusCode' in doc)) {
    if (mode === 'rest') return malformedProxy('the result has no statusCode');
    return {
      head: { status: 200, headers: { 'content-type': 'application/json' } },
      body: Buffer.from(json),
    };
  }
  const status = doc.statusCode;
  if (!isFinalStatus(status)) {
    return invalidResult(
      mode,
      `statusCode must be an integer ${MIN_STATUS}-${MAX_STATUS}, got ${JSON.stringify(status)}`,
    );
  }
  if (doc.body !== undefined && doc.body !== null && typeof doc.body !== 'string') {
    if (mode === 'rest') return malformedProxy('body must be a string');
  }
  const text =
    doc.body === undefined || doc.body === null
      ? ''
      : typeof doc.body === 'string'
        ? doc.body
        : JSON.stringify(doc.body);
  const body = doc.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text);
  const source =
    mode === 'rest' ? { headers: doc.headers, multiValueHeaders: doc.multiValueHeaders } : doc;
  const head = buildHead(mode, status, source);
  const problem = headProblem(head);
  return problem ? invalidResult(mode, problem) : { head, body };
}

function malformedProxy(why: string): { error: FunctionError } {
  return {
    error: functionError('MalformedLambdaProxyResponse', `Malformed Lambda proxy response: ${why}`),
  };
}

/** A result the front door cannot answer with: REST calls it malformed, as API Gateway does. */
function invalidResult(mode: DevMode, why: string): { error: FunctionError } {
  if (mode === 'rest') return malformedProxy(why);
  return { error: functionError('Runtime.InvalidResponse', `Invalid response: ${why}`) };
}
