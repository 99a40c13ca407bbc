import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevFunction } from '../functions/dev-function.ts';
import { FunctionLookupError } from '../functions/errors.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { DevLog } from '../log.ts';
import { readBody } from '../read-body.ts';
import { guardRequest } from '../relay/guard-request.ts';
import { Invocation, type InvocationSink } from '../runtime-api/invocation.ts';
import { functionArn } from '../runtime-pool/runtime-env.ts';
import type { DevOutcome } from '../types.ts';
import {
  type AwsError,
  lookupFailed,
  payloadTooLarge,
  sendAwsError,
  serviceUnavailable,
  throttledInvoke,
} from './aws-errors.ts';
import { BufferedInvokeSink } from './buffered-sink.ts';
import { EventInvokeSink } from './event-sink.ts';
import type { RequestListener } from './mount.ts';
import { eventFromPayload, type InvokeRequest, parseInvokeRequest } from './request.ts';
import { StreamInvokeSink } from './stream-sink.ts';

/** Lambda's limit for an Event (asynchronous) invoke's payload. */
export const EVENT_PAYLOAD_LIMIT = 1024 * 1024;

export interface InvokeApiDeps {
  registry: FunctionRegistry;
  log: DevLog;
  isClosing(): boolean;
}

interface Answer {
  requestId: string;
  outcome: DevOutcome;
  errorType?: string;
  errorMessage?: string;
  runtimeId?: number;
  /** Payload bytes and first-byte time, when a function answered. */
  delivered?: { bytes: number; firstByteAt: number | undefined };
  /** The function's own log, once the request named one (its entries carry its name). */
  log?: DevLog;
}

/** Lambda's `Invoke` and `InvokeWithResponseStream` over HTTP, for every registered function. */
export function createInvokeApi(deps: InvokeApiDeps): RequestListener {
  return (req, res) => {
    const startedAt = Date.now();
    guardRequest(res, deps.log, async () => {
      const { delivered, log = deps.log, ...answer } = await serve(req, res, deps);
      const firstByteAt = delivered ? delivered.firstByteAt : startedAt;
      log.request({
        ...answer,
        method: req.method ?? 'POST',
        path: req.url ?? '/',
        status: res.statusCode,
        bytes: delivered ? delivered.bytes : Number(res.getHeader('content-length') ?? 0),
        ttfbMs: firstByteAt === undefined ? null : firstByteAt - startedAt,
        durationMs: Date.now() - startedAt,
      });
    });
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  deps: InvokeApiDeps,
): Promise<Answer> {
  const requestId = randomUUID();
  res.setHeader('x-amzn-RequestId', requestId);
  const refuse = (error: AwsError): Answer => {
    req.resume();
    sendAwsError(res, error);
    return { requestId, outcome: 'error', errorType: error.code, errorMessage: error.message };
  };
  if (deps.isClosing()) return refuse(serviceUnavailable('The dev server is closing'));
  const request = parseInvokeRequest(req);
  if ('status' in request) return refuse(request);
  let fn: DevFunction;
  try {
    fn = deps.registry.resolve(request.functionName, request.qualifier);
  } catch (err) {
    if (err instanceof FunctionLookupError) return refuse(lookupFailed(err));
    throw err;
  }
  return { ...(await serveFunction(req, res, fn, request, requestId, refuse)), log: fn.log };
}

/** What is left once the function is known: the payload, then the invocation. */
async function serveFunction(
  req: IncomingMessage,
  res: ServerResponse,
  fn: DevFunction,
  request: InvokeRequest,
  requestId: string,
  refuse: (error: AwsError) => Answer,
): Promise<Answer> {
  const isEvent = request.invocationType === 'Event';
  const limit = isEvent
    ? Math.min(EVENT_PAYLOAD_LIMIT, fn.options.limits.requestBytes)
    : fn.options.limits.requestBytes;
  let body: Buffer;
  try {
    const read = await readBody(req, limit);
    if (read.overflow) return refuse(payloadTooLarge(read.size, limit, isEvent));
    body = read.body;
  } catch {
    return { requestId, outcome: 'client-gone' };
  }
  if (request.invocationType === 'DryRun') {
    res.writeHead(204).end();
    return { requestId, outcome: 'ok' };
  }
  const event = eventFromPayload(body);
  if (typeof event !== 'string') return refuse(event);
  return invoke(fn, request, event, res);
}

/** Every caller's sink: the Invoke API's side of one invocation. */
type CallerSink = InvocationSink & { bind(invocation: Invocation): void };

function startInvocation(
  fn: DevFunction,
  request: InvokeRequest,
  event: string,
  sink: CallerSink,
): Invocation {
  const invocation = new Invocation({
    event,
    timeoutMs: fn.options.timeoutMs,
    functionArn: functionArn(fn.options),
    sink,
    captureOutput: request.tailLog,
    ...(request.clientContext === undefined ? {} : { clientContext: request.clientContext }),
  });
  sink.bind(invocation);
  return invocation;
}

/** `Event`: 202 at once; the function runs in the background on the same pool. */
function invokeEvent(
  fn: DevFunction,
  request: InvokeRequest,
  event: string,
  res: ServerResponse,
): Answer {
  const limits = {
    streamed: fn.options.limits.streamedResponseBytes,
    buffered: fn.options.limits.bufferedResponseBytes,
  };
  const sink = new EventInvokeSink(fn.log, fn.name, limits);
  const invocation = startInvocation(fn, { ...request, tailLog: false }, event, sink);
  res.setHeader('x-amzn-RequestId', invocation.id);
  res.writeHead(202).end();
  if (fn.pool.acquire(invocation)) return { requestId: invocation.id, outcome: 'ok' };
  fn.log.event({
    level: 'error',
    requestId: invocation.id,
    errorType: 'TooManyRequestsException',
    message: `Event invoke of ${fn.name} dropped: all ${fn.options.maxRuntimes} runtimes are busy`,
  });
  return { requestId: invocation.id, outcome: 'error', errorType: 'TooManyRequestsException' };
}

async function invoke(
  fn: DevFunction,
  request: InvokeRequest,
  event: string,
  res: ServerResponse,
): Promise<Answer> {
  if (request.invocationType === 'Event') return invokeEvent(fn, request, event, res);
  const { limits, memorySizeMb } = fn.options;
  const tailLog = request.tailLog;
  const buffered = limits.bufferedResponseBytes;
  // Invoke buffers even a streaming function's output, so 6 MB caps both; the stream API
  // takes a streamed response up to 200 MB.
  const sink =
    request.operation === 'Invoke'
      ? new BufferedInvokeSink(res, {
          limits: { streamed: buffered, buffered },
          tailLog,
          memorySizeMb,
        })
      : new StreamInvokeSink(res, {
          limits: { streamed: limits.streamedResponseBytes, buffered },
          tailLog,
          memorySizeMb,
        });
  const invocation = startInvocation(fn, request, event, sink);
  res.setHeader('x-amzn-RequestId', invocation.id);
  if (!fn.pool.acquire(invocation)) {
    sendAwsError(res, throttledInvoke());
    return { requestId: invocation.id, outcome: 'error', errorType: 'TooManyRequestsException' };
  }
  const settled = await invocation.done;
  // With a log tail the answer is written after the invocation's end: log once it is out.
  if (!res.writableFinished && !res.destroyed) await once(res, 'close');
  const answer = {
    requestId: invocation.id,
    delivered: { bytes: sink.bytes, firstByteAt: sink.firstByteAt },
    ...(invocation.runtimeId === undefined ? {} : { runtimeId: invocation.runtimeId }),
  };
  if (settled.result.kind === 'ok') {
    return { ...answer, outcome: sink.gone ? 'client-gone' : 'ok' };
  }
  return {
    ...answer,
    outcome: settled.result.kind === 'timeout' ? 'timeout' : 'error',
    errorType: settled.result.error.errorType,
    errorMessage: settled.result.error.errorMessage,
  };
}
