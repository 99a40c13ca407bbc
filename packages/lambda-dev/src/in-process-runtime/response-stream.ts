// The in-process runtime's response stream: the transport half of aws-lambda-ric's (an HTTP
// POST with error trailers). The prelude-on-first-write half is shared with the adapter
// (runtime/awslambda-compat.ts).
import { type Agent, type ClientRequest, request } from 'node:http';
import { createConnection } from 'node:net';
import {
  ERROR_BODY_TRAILER,
  ERROR_TYPE_TRAILER,
  hookFirstWrite,
  type RawWrite,
  RESPONSE_MODE_HEADER,
  RESPONSE_MODE_STREAMING,
} from '@sluice/adapter-lambda/runtime';
import { formatError, RuntimeError } from './errors.ts';

/** The request the response is streamed on, with the two hooks the real client adds. */
interface StreamingRequest extends ClientRequest {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: (write: RawWrite) => void;
}

/** What a streaming handler receives: the writable methods of the request, nothing else. */
export type ResponseStream = Record<string, unknown> & {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: (write: RawWrite) => void;
  readonly writableFinished: boolean;
};

const METHODS = [
  'cork',
  'destroy',
  'end',
  'uncork',
  'write',
  'addListener',
  'on',
  'once',
  'prependListener',
  'prependOnceListener',
  'off',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
  'getMaxListeners',
  'listeners',
  'rawListeners',
  'listenerCount',
  'eventNames',
  'emit',
  'setContentType',
] as const;
const READ_WRITE = ['destroyed', '_onBeforeFirstWrite'] as const;
const READ_ONLY = [
  'writableFinished',
  'writableObjectMode',
  'writableEnded',
  'writableNeedDrain',
  'writableHighWaterMark',
  'writableCorked',
  'writableLength',
  'writable',
] as const;

export interface StreamTarget {
  hostname: string;
  port: number;
  requestId: string;
  agent: Agent;
  highWaterMark: number | undefined;
}

export interface ResponseStreamHandle {
  stream: ResponseStream;
  /** Settles when the Runtime API answered the POST. */
  responseDone: Promise<void>;
  /** Reports `error` in the trailers and ends the body. */
  fail(error: unknown): Promise<void>;
}

/**
 * POST .../response in streaming mode, byte for byte as aws-lambda-ric sends it: the same
 * headers and trailer declaration, `_onBeforeFirstWrite` (the prelude, when
 * HttpResponseStream.from asked for one) run just before the first write, errors as trailers.
 */
export function createResponseStream(target: StreamTarget): ResponseStreamHandle {
  const { highWaterMark } = target;
  // Like the real client: the socket carries the handler's highWaterMark, if it set one.
  target.agent.createConnection = (options) =>
    createConnection({ ...(options as object), highWaterMark } as never);
  const req = request({
    method: 'POST',
    hostname: target.hostname,
    port: target.port,
    path: `/2018-06-01/runtime/invocation/${encodeURIComponent(target.requestId)}/response`,
    agent: target.agent,
    headers: {
      [RESPONSE_MODE_HEADER]: RESPONSE_MODE_STREAMING,
      Trailer: [ERROR_TYPE_TRAILER, ERROR_BODY_TRAILER],
      'Content-Type': 'application/octet-stream',
      'Transfer-Encoding': 'chunked',
    },
  }) as StreamingRequest;
  const responseDone = new Promise<void>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      res.once('end', resolve);
      res.once('aborted', reject);
    });
    req.once('error', (err) => {
      reject(err);
      req.destroy(err);
      // aws-lambda-ric 4.0.2 also rejects a promise of its own that nobody awaits, so an error
      // on this request (e.g. a handler that destroys its stream) ends the runtime process as
      // an unhandled rejection. Same here: the function fails as it would on AWS.
      void Promise.reject(err);
    });
  });
  responseDone.catch(() => {}); // observed by the caller when it awaits

  let firstWriteDone = false;
  req.setContentType = (contentType: string) => {
    if (firstWriteDone) {
      throw new RuntimeError(
        'Runtime.InvalidStreamingOperation',
        'Cannot set content-type, too late.',
      );
    }
    req.setHeader('Content-Type', contentType);
  };
  const rawWrite = req.write.bind(req) as (chunk: unknown, ...rest: unknown[]) => boolean;
  (req as unknown as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
    firstWriteDone = true;
    const data =
      typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    return rawWrite(data, ...rest);
  };
  const stream = facade(req);
  hookFirstWrite(stream);

  return {
    stream,
    responseDone,
    fail: (error) => {
      const doc = formatError(error);
      req.addTrailers({
        [ERROR_TYPE_TRAILER]: doc.errorType,
        [ERROR_BODY_TRAILER]: Buffer.from(JSON.stringify(doc)).toString('base64'),
      });
      return new Promise((resolve) => req.end(resolve));
    },
  };
}

function facade(req: StreamingRequest): ResponseStream {
  const stream: Record<string, unknown> = {};
  const source = req as unknown as Record<string, unknown>;
  for (const method of METHODS) {
    stream[method] = (source[method] as (...args: unknown[]) => unknown).bind(req);
  }
  for (const prop of READ_WRITE) {
    Object.defineProperty(stream, prop, {
      get: () => source[prop],
      set: (value) => {
        source[prop] = value;
      },
    });
  }
  for (const prop of READ_ONLY) Object.defineProperty(stream, prop, { get: () => source[prop] });
  return stream as ResponseStream;
}
