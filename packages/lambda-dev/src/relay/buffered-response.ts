import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FunctionError, functionError } from '../errors.ts';
import { readBody } from '../read-body.ts';
import type { Invocation } from '../runtime-api/invocation.ts';
import type { DevMode } from '../types.ts';
import { headProblem, isFinalStatus, MAX_STATUS, MIN_STATUS } from './head-check.ts';
import { buildHead, type ResponseHead } from './response-head.ts';
import { answerRuntime } from './stream-relay.ts';

export type BufferedOutput = { head: ResponseHead; body: Buffer } | { error: FunctionError };

/** A non-streaming result: the runtime POSTs the handler's return value as JSON. */
export async function receiveBuffered(
  req: IncomingMessage,
  res: ServerResponse,
  invocation: Invocation,
  mode: DevMode,
  limit: number,
): Promise<void> {
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
  try {
    answerClient(invocation, mode, read.body);
  } catch (error) {
    // No result may end the dev server; this one fails its invocation.
    const why = `it could not be relayed: ${error}`;
    invocation.settle({ kind: 'error', error: invalidResult(mode, why).error });
  }
}

function answerClient(invocation: Invocation, mode: DevMode, result: Buffer): void {
  const output = interpretBuffered(mode, result.toString('utf8'));
  if ('error' in output) {
    invocation.settle({ kind: 'error', error: output.error });
    return;
  }
  if (!invocation.client.start(output.head, false)) {
    invocation.settle({ kind: 'error', error: invalidResult(mode, 'its head was refused').error });
    return;
  }
  invocation.client.write(output.body);
  invocation.settle({ kind: 'ok' });
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
