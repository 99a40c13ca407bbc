import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DevLog } from '../log.ts';
import type { ResolvedOptions } from '../options.ts';
import { readBody } from '../read-body.ts';
import { ClientResponse } from '../relay/client-response.ts';
import {
  badRequest,
  type FrontDoorKind,
  requestTooLarge,
  serverClosing,
  throttled,
} from '../relay/error-responses.ts';
import { guardRequest } from '../relay/guard-request.ts';
import { Invocation, type SettledInvocation } from '../runtime-api/invocation.ts';
import type { SandboxPool } from '../runtime-pool/pool.ts';
import { functionArn } from '../runtime-pool/runtime-env.ts';
import type { DevMode, DevOutcome } from '../types.ts';
import { functionUrlEvent, restProxyEvent } from './events.ts';
import { type RequestInfo, requestInfo } from './request-info.ts';

export interface FrontDoorDeps {
  options: ResolvedOptions;
  pool: SandboxPool;
  log: DevLog;
  isClosing(): boolean;
}

/**
 * How a request becomes the function's event, how its response reads (`mode`: payload 2.0 or
 * REST's proxy shape), whose errors it gets (`kind`) and whether it streams. A template server
 * passes one per matched route and per Function URL; otherwise `options.mode` decides (a
 * RESPONSE_STREAM Function URL, or a REST STREAM integration).
 */
export interface FrontDoorTarget {
  mode: DevMode;
  kind: FrontDoorKind;
  streaming: boolean;
  event(info: RequestInfo): Record<string, unknown>;
}

/** A single handler's front door: a RESPONSE_STREAM Function URL or a REST STREAM integration. */
function singleHandlerTarget(mode: DevMode): FrontDoorTarget {
  return mode === 'url'
    ? functionUrlTarget(true)
    : { mode, kind: 'rest', streaming: true, event: restProxyEvent };
}

/** A Function URL: InvokeMode RESPONSE_STREAM (`streaming`) or BUFFERED. */
export function functionUrlTarget(streaming: boolean): FrontDoorTarget {
  return { mode: 'url', kind: 'url', streaming, event: functionUrlEvent };
}

/** What a browser or curl talks to: a Function URL, or an API Gateway REST stage. */
export function createFrontDoor(deps: FrontDoorDeps): Server {
  return createServer((req, res) => {
    guardRequest(res, deps.log, () => handleFrontDoorRequest(req, res, deps));
  });
}

export async function handleFrontDoorRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: FrontDoorDeps,
  target: FrontDoorTarget = singleHandlerTarget(deps.options.mode),
) {
  const { options, pool, log } = deps;
  const { kind } = target;
  const startedAt = Date.now();
  const client = new ClientResponse(res, startedAt);
  const frontDoorId = randomUUID();
  const base = { method: req.method ?? 'GET', path: req.url ?? '/' };
  const finish = (
    requestId: string,
    outcome: DevOutcome,
    extra: { errorType?: string; errorMessage?: string; runtimeId?: number } = {},
  ): void =>
    log.request({
      requestId,
      ...base,
      status: client.status,
      bytes: client.bytes,
      ttfbMs: client.ttfbMs,
      durationMs: Date.now() - startedAt,
      outcome: client.gone ? 'client-gone' : outcome,
      ...extra,
    });

  if (deps.isClosing()) {
    client.sendError(serverClosing(kind));
    return finish(frontDoorId, 'error');
  }
  let body: Buffer;
  try {
    const read = await readBody(req, options.limits.requestBytes);
    if (read.overflow) {
      client.sendError(requestTooLarge(kind, options.limits.requestBytes));
      return finish(frontDoorId, 'error', {
        errorType: 'RequestEntityTooLargeException',
        errorMessage: `Request body of ${read.size} bytes exceeds ${options.limits.requestBytes}`,
      });
    }
    body = read.body;
  } catch {
    return finish(frontDoorId, 'client-gone');
  }

  const info = requestInfo(req, body, frontDoorId, options.hostname);
  if (!info) {
    client.sendError(badRequest(kind));
    return finish(frontDoorId, 'error', {
      errorType: 'BadRequest',
      errorMessage: `Request target ${JSON.stringify(req.url)} is not a path`,
    });
  }
  const event = target.event(info);
  const invocation = new Invocation({
    event: JSON.stringify(event),
    timeoutMs: options.timeoutMs,
    functionArn: functionArn(options),
    mode: target.mode,
    kind,
    streaming: target.streaming,
    client,
  });
  res.setHeader('x-amzn-RequestId', invocation.id);
  if (!pool.acquire(invocation)) {
    client.sendError(throttled(kind));
    return finish(invocation.id, 'error', {
      errorType: 'TooManyRequestsException',
      errorMessage: `All ${options.maxRuntimes} runtimes are busy (concurrency ${options.concurrency} each)`,
    });
  }
  const settled = await invocation.done;
  if (settled.result.kind === 'timeout') {
    log.event({
      level: 'error',
      requestId: invocation.id,
      errorType: settled.result.error.errorType,
      message: `${invocation.id} ${settled.result.error.errorMessage}`,
      ...(invocation.runtimeId === undefined ? {} : { runtimeId: invocation.runtimeId }),
    });
  }
  finish(invocation.id, outcomeOf(settled), {
    ...(settled.result.kind === 'ok'
      ? {}
      : {
          errorType: settled.result.error.errorType,
          errorMessage: settled.result.error.errorMessage,
        }),
    ...(invocation.runtimeId === undefined ? {} : { runtimeId: invocation.runtimeId }),
  });
}

function outcomeOf(settled: SettledInvocation): DevOutcome {
  if (settled.result.kind === 'ok') return 'ok';
  if (settled.result.kind === 'timeout') return 'timeout';
  return settled.cut ? 'error-trailer' : 'error';
}
