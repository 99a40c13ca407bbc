import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FunctionError, functionError } from '../errors.ts';
import { readBody } from '../read-body.ts';
import type { Invocation } from '../runtime-api/invocation.ts';
import type { DevMode } from '../types.ts';
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
  const output = interpretBuffered(mode, read.body.toString('utf8'));
  if ('error' in output) {
    invocation.settle({ kind: 'error', error: output.error });
    return;
  }
  invocation.client.start(output.head, false);
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
  if (!(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)) {
    return mode === 'rest'
      ? malformedProxy(`statusCode ${JSON.stringify(status)} is not an HTTP status`)
      : {
          error: functionError(
            'Runtime.InvalidResponse',
            `Invalid statusCode ${JSON.stringify(status)}`,
          ),
        };
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
  return { head: buildHead(mode, status, source), body };
}

function malformedProxy(why: string): BufferedOutput {
  return {
    error: functionError('MalformedLambdaProxyResponse', `Malformed Lambda proxy response: ${why}`),
  };
}
