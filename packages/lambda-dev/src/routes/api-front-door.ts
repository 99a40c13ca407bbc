import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type EventRoute, functionUrlEvent, restProxyEvent } from '../front-door/events.ts';
import { type FrontDoorTarget, handleFrontDoorRequest } from '../front-door/front-door.ts';
import { requestTarget } from '../front-door/request-info.ts';
import type { DevFunction } from '../functions/dev-function.ts';
import type { DevLog } from '../log.ts';
import { badRequest, type ErrorResponse } from '../relay/error-responses.ts';
import { guardRequest } from '../relay/guard-request.ts';
import type { ApiKind, TemplateRoute } from '../template/model.ts';
import type { RouteMatch, RouteTable } from './route-table.ts';

export interface ApiFrontDoorDeps {
  table: RouteTable;
  /** The running function of a route, by logical id (with its own log). */
  functionFor(logicalId: string): { fn: DevFunction; log: DevLog } | undefined;
  log: DevLog;
  isClosing(): boolean;
}

/**
 * The API Gateway front door of a template: REST stages and HTTP APIs on one origin. A request
 * goes to the function of the route it matches, with that route's event; REST routes stream
 * when their integration does, HTTP API routes answer what the function returned.
 */
export function createApiFrontDoor(deps: ApiFrontDoorDeps): Server {
  return createServer((req, res) => {
    guardRequest(res, deps.log, () => routeRequest(req, res, deps));
  });
}

/** Sends a request to its route's function, or answers what API Gateway does without one. */
function routeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ApiFrontDoorDeps,
): Promise<void> | undefined {
  // Routes match the path the function will see: an absolute-form target (`GET http://x/a`)
  // is matched, like the Function URL's, by its path alone.
  const path = requestTarget(req.url)?.rawPath;
  if (path === undefined) {
    const why = `Request target ${JSON.stringify(req.url)} is not a path`;
    answerUnrouted(req, res, deps.log, badRequest('rest'), 'BadRequest', why);
    return;
  }
  const found = deps.table.match(req.method ?? 'GET', path);
  const target = found.found ? deps.functionFor(found.route.functionId) : undefined;
  if (!found.found || !target) {
    missingRoute(req, res, found.found ? found.route.api.kind : found.kind, deps.log);
    return;
  }
  return handleFrontDoorRequest(
    req,
    res,
    {
      options: target.fn.options,
      pool: target.fn.pool,
      log: target.log,
      isClosing: deps.isClosing,
    },
    routeTarget(found),
  );
}

/** The event a matched route sends, and how its response reads. */
export function routeTarget(match: RouteMatch): FrontDoorTarget {
  const { route } = match;
  const eventRoute: EventRoute = {
    apiId: apiId(route),
    resource: route.path,
    method: route.method,
    stage: route.api.stage,
    rawPath: match.rawPath,
    pathParameters: match.pathParameters,
  };
  // HTTP APIs answer their own errors and never stream; REST streams when its integration does.
  const { kind } = route.api;
  const streaming = kind === 'rest' && route.streaming;
  if (route.payloadVersion === '2.0') {
    return { mode: 'url', kind, streaming, event: (info) => functionUrlEvent(info, eventRoute) };
  }
  if (kind === 'http') {
    return {
      mode: 'rest',
      kind,
      streaming,
      event: (info) => ({ version: '1.0', ...restProxyEvent(info, eventRoute) }),
    };
  }
  return { mode: 'rest', kind, streaming, event: (info) => restProxyEvent(info, eventRoute) };
}

/** API Gateway ids are 10 lower-case characters; a logical id stands in for one here. */
function apiId(route: TemplateRoute): string {
  return route.api.logicalId.toLowerCase();
}

/** What API Gateway answers for a path or method no route has. */
function missingRoute(
  req: IncomingMessage,
  res: ServerResponse,
  kind: ApiKind | undefined,
  log: DevLog,
): void {
  if (kind === 'rest') {
    const errorType = 'MissingAuthenticationTokenException';
    const body = JSON.stringify({ message: 'Missing Authentication Token' });
    const answer: ErrorResponse = {
      head: {
        status: 403,
        headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': errorType },
      },
      body,
    };
    answerUnrouted(req, res, log, answer, errorType, 'No route matches');
    return;
  }
  const answer: ErrorResponse = {
    head: { status: 404, headers: { 'content-type': 'application/json' } },
    body: JSON.stringify({ message: 'Not Found' }),
  };
  answerUnrouted(req, res, log, answer, 'NotFoundException', 'No route matches');
}

/** Answers a request no function gets, and logs it. */
function answerUnrouted(
  req: IncomingMessage,
  res: ServerResponse,
  log: DevLog,
  answer: ErrorResponse,
  errorType: string,
  errorMessage: string,
): void {
  req.resume();
  const startedAt = Date.now();
  const bytes = Buffer.byteLength(answer.body);
  res.writeHead(answer.head.status, { ...answer.head.headers, 'content-length': bytes });
  res.end(answer.body);
  log.request({
    requestId: randomUUID(),
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    status: answer.head.status,
    bytes,
    ttfbMs: Date.now() - startedAt,
    durationMs: Date.now() - startedAt,
    outcome: 'error',
    errorType,
    errorMessage,
  });
}
